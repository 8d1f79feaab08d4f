#ifndef UNIONCARD_COMMON_DB_IDEMPOTENCY_H_
#define UNIONCARD_COMMON_DB_IDEMPOTENCY_H_

#include <cppconn/connection.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/migrations.h"

namespace unioncard::db {

// "Retried requests change nothing twice": a mutating call that carries a
// request_id claims it inside its own transaction. The first claim wins and
// stores the answer with the change; a retry (even one racing the first)
// waits for it and gets the stored answer instead of acting again.
Migration IdempotencyMigration(int version);

class RequestLedger {
 public:
  // In the caller's transaction, before changing anything. Returns nullopt
  // when this is the first time (go ahead), or the stored response of the
  // earlier call. INVALID_ARGUMENT when the id was used by another caller or
  // for another method.
  static absl::StatusOr<std::optional<std::string>> Claim(
      sql::Connection& connection, const std::string& request_id,
      const std::string& method, const std::string& caller);

  // Stores the response of a claimed request, in the same transaction.
  static absl::Status Complete(sql::Connection& connection,
                               const std::string& request_id,
                               const std::string& response);
};

// Checks a client-supplied request id: 1–64 printable ASCII characters.
absl::Status ValidateRequestId(const std::string& request_id);

// The request id to deduplicate a mutating call by: the client's, checked,
// or — when the client sent none — a fresh one (the call is then simply not
// deduplicated against retries).
absl::StatusOr<std::string> RequestIdOrNew(const std::string& request_id);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_IDEMPOTENCY_H_
