#ifndef UNIONCARD_GATEWAY_SRC_STORE_MEMBER_LOGIN_STORE_H_
#define UNIONCARD_GATEWAY_SRC_STORE_MEMBER_LOGIN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"

namespace unioncard::gateway {

// Who a member session speaks for: the member and their union.
struct MemberIdentity {
  int64_t member_id = 0;
  std::string org_id;
  std::string org_path;  // "/city/<county>/<union>/"
  std::string county_id;
};

struct IssuedCode {
  std::string number_key;  // keyed hash of the ID number, 32 bytes
  std::string code_hash;   // 32 bytes
  MemberIdentity member;   // member_id 0: the details matched nobody
  std::string address;
  absl::Time created_at;
  absl::Time expires_at;
};

struct MemberSessionRow {
  std::string id_hash;
  MemberIdentity member;
  std::string csrf_token;
  absl::Time created_at;
  absl::Time last_seen;
};

// The members' sign-in codes, failed attempts and sessions, shared by every
// gateway replica.
class MemberLoginStore {
 public:
  explicit MemberLoginStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status AddCode(const IssuedCode& code);
  // Codes asked for since `since`, per ID number and per client address.
  absl::StatusOr<int> CodesForNumberSince(const std::string& number_key,
                                          absl::Time since);
  absl::StatusOr<int> CodesFromAddressSince(const std::string& address,
                                            absl::Time since);
  // The newest unused, unexpired code of a matched member.
  struct LiveCode {
    int64_t id = 0;
    std::string code_hash;
    MemberIdentity member;
  };
  absl::StatusOr<std::optional<LiveCode>> NewestLiveCode(
      const std::string& number_key, absl::Time now);
  // Counts one guess at the code; false when it had its `max` already (or
  // was used): the guess must then not be compared at all.
  absl::StatusOr<bool> ClaimAttempt(int64_t id, int max);
  // Marks the code used; false when another request used it first.
  absl::StatusOr<bool> UseCode(int64_t id, absl::Time now);

  absl::Status AddFailure(const std::string& number_key, absl::Time at);
  // Failed attempts since `since`, and the time of the `nth` newest of
  // them (when there are that many): the lock ends when it ages out.
  struct Failures {
    int count = 0;
    absl::Time nth_latest;
  };
  absl::StatusOr<Failures> FailuresSince(const std::string& number_key,
                                         absl::Time since, int nth);
  absl::Status ClearFailures(const std::string& number_key);

  absl::Status CreateSession(const MemberSessionRow& session);
  absl::StatusOr<std::optional<MemberSessionRow>> FindSession(
      const std::string& id_hash);
  absl::Status TouchSession(const std::string& id_hash, absl::Time at);
  absl::Status DeleteSession(const std::string& id_hash);
  // Ends every session of the member but `keep_hash` (after a change of
  // mobile: whoever else held a session is out).
  absl::Status DeleteOtherSessions(int64_t member_id,
                                   const std::string& keep_hash);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_STORE_MEMBER_LOGIN_STORE_H_
