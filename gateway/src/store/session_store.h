#ifndef UNIONCARD_GATEWAY_SRC_STORE_SESSION_STORE_H_
#define UNIONCARD_GATEWAY_SRC_STORE_SESSION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"
#include "gateway/src/store/account_store.h"

namespace unioncard::gateway {

struct StoredSession {
  std::string id_hash;  // SHA-256 of the cookie's value, 32 bytes
  int64_t account_id = 0;
  std::string csrf_token;
  absl::Time created_at;
  absl::Time last_seen;
};

// Server-side sessions, shared by every gateway replica.
class SessionStore {
 public:
  explicit SessionStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status Create(const StoredSession& session);
  absl::StatusOr<std::optional<StoredSession>> Find(const std::string& id_hash);
  // The session and its account in one round trip (every request asks).
  absl::StatusOr<std::optional<std::pair<StoredSession, Account>>>
  FindWithAccount(const std::string& id_hash);
  absl::Status Touch(const std::string& id_hash, absl::Time at);
  absl::Status Delete(const std::string& id_hash);
  // Ends every session of an account; returns how many there were.
  absl::StatusOr<int> DeleteForAccount(int64_t account_id);
  // Housekeeping: sessions idle since before `cutoff`.
  absl::StatusOr<int> DeleteIdleBefore(absl::Time cutoff);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_STORE_SESSION_STORE_H_
