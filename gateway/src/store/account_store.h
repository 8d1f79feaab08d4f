#ifndef UNIONCARD_GATEWAY_SRC_STORE_ACCOUNT_STORE_H_
#define UNIONCARD_GATEWAY_SRC_STORE_ACCOUNT_STORE_H_

#include <cppconn/resultset.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/db/audit_log.h"
#include "common/db/connection_pool.h"

namespace unioncard::gateway {

struct Account {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  auth::Role role = auth::Role::kUnspecified;
  std::string org_id;
  std::string org_path;
  std::string password_hash;
  bool must_change_password = true;
  bool disabled = false;
  int failed_logins = 0;
  absl::Time last_failed_at = absl::InfinitePast();
  std::string created_by;
  absl::Time created_at;
  std::string changed_by;
  absl::Time changed_at;
  // Second factor (encrypted secrets; empty when none).
  std::string totp_cipher;          // confirmed: asked at every login
  std::string totp_pending_cipher;  // enrolled, not yet confirmed
  int64_t totp_last_step = 0;
};

// The columns ReadAccount expects, for queries that join accounts.
extern const char kAccountColumns[];
// An account from the current row of a query selecting kAccountColumns.
Account ReadAccount(sql::ResultSet& row);

// Staff accounts in the gateway's schema. Every change is written together
// with its audit row, in one transaction.
class AccountStore {
 public:
  explicit AccountStore(db::ConnectionPool* pool) : pool_(pool) {}

  // ALREADY_EXISTS (naming the username) when it is taken.
  absl::StatusOr<Account> Create(const Account& account,
                                 const db::AuditEntry& audit);
  // NOT_FOUND when there is none.
  absl::StatusOr<Account> Get(int64_t id);
  absl::StatusOr<std::optional<Account>> FindByUsername(
      const std::string& username);
  // Accounts whose unit lies under `org_path`, by id after `after_id`.
  absl::StatusOr<std::vector<Account>> ListUnder(const std::string& org_path,
                                                 int64_t after_id, int limit);
  absl::StatusOr<int64_t> Count();

  // Login bookkeeping (audited by the caller in the same call).
  absl::Status RecordFailure(int64_t id, absl::Time at,
                             const db::AuditEntry& audit);
  absl::Status RecordSuccess(int64_t id, const std::string& rehashed,
                             const db::AuditEntry& audit);

  // Administrative changes; `by` is the acting username.
  absl::Status SetPassword(int64_t id, const std::string& hash,
                           bool must_change, const std::string& by,
                           const db::AuditEntry& audit);
  absl::Status SetDisabled(int64_t id, bool disabled, const std::string& by,
                           const db::AuditEntry& audit);
  absl::Status Unlock(int64_t id, const std::string& by,
                      const db::AuditEntry& audit);

  // Second factor: a new secret waits for its first code; the first code
  // makes it the account's; each later code is good once (false when the
  // step was used already, here or on another replica); a password reset
  // clears both, so a lost phone is recovered by an administrator.
  absl::Status SetTotpPending(int64_t id, const std::string& cipher,
                              const db::AuditEntry& audit);
  absl::Status ConfirmTotp(int64_t id, int64_t step,
                           const db::AuditEntry& audit);
  absl::StatusOr<bool> UseTotpStep(int64_t id, int64_t step);
  absl::Status ClearTotp(int64_t id);

 private:
  absl::Status UpdateWithAudit(
      const std::string& sql,
      const std::function<void(sql::PreparedStatement&)>& bind,
      const db::AuditEntry& audit);
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_STORE_ACCOUNT_STORE_H_
