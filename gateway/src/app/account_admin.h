#ifndef UNIONCARD_GATEWAY_SRC_APP_ACCOUNT_ADMIN_H_
#define UNIONCARD_GATEWAY_SRC_APP_ACCOUNT_ADMIN_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/src/app/password_hasher.h"
#include "gateway/src/app/staff_sessions.h"
#include "gateway/src/store/account_store.h"
#include "gateway/src/store/audit_store.h"
#include "gateway/src/store/session_store.h"

namespace unioncard::gateway {

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string role;    // "county_staff", …
  std::string org_id;  // "city", a county id, a grassroots union id
};

// An account and, when one was just made, its one-time password.
struct AccountWithPassword {
  Account account;
  std::string temporary_password;
};

// The org path of `org_id` as the caller may see it (member-svc's org tree
// through the caller's own token): NOT_FOUND or PERMISSION_DENIED
// otherwise.
using OrgPathLookup = std::function<absl::StatusOr<std::string>(
    const SignedIn& caller, const std::string& org_id)>;

// Managing staff accounts (docs/architecture.md §7.2). Each change is
// checked against account_rules and audited.
class AccountAdmin {
 public:
  AccountAdmin(AccountStore* accounts, SessionStore* sessions,
               AuditStore* audit, const PasswordHasher* hasher,
               OrgPathLookup org_paths)
      : accounts_(accounts),
        sessions_(sessions),
        audit_(audit),
        hasher_(hasher),
        org_paths_(std::move(org_paths)) {}

  // A new account with a generated one-time password that must be changed
  // at first login.
  absl::StatusOr<AccountWithPassword> Create(const SignedIn& caller,
                                             const NewAccount& request,
                                             const std::string& address);
  // Accounts in the caller's scope, by id after `after_id`.
  absl::StatusOr<std::vector<Account>> List(const SignedIn& caller,
                                            int64_t after_id, int limit);
  absl::StatusOr<Account> Get(const SignedIn& caller, int64_t id);
  absl::StatusOr<Account> SetDisabled(const SignedIn& caller, int64_t id,
                                      bool disabled,
                                      const std::string& address);
  // A fresh one-time password; every session of the account ends.
  absl::StatusOr<AccountWithPassword> ResetPassword(const SignedIn& caller,
                                                    int64_t id,
                                                    const std::string& address);
  absl::StatusOr<Account> Unlock(const SignedIn& caller, int64_t id,
                                 const std::string& address);
  absl::StatusOr<int> EndSessions(const SignedIn& caller, int64_t id,
                                  const std::string& address);

  // Called with an account id whenever its sessions end here (disable,
  // reset, end sessions), so this replica stops trusting them at once.
  void OnSessionsEnded(std::function<void(int64_t)> hook) {
    sessions_ended_ = std::move(hook);
  }

  // The first city administrator, when no account exists yet
  // (`unionctl accounts bootstrap`). FAILED_PRECONDITION afterwards.
  static absl::StatusOr<AccountWithPassword> Bootstrap(
      AccountStore& accounts, const PasswordHasher& hasher,
      const std::string& username, const std::string& display_name);

 private:
  // The target account, after checking the caller may manage it.
  absl::StatusOr<Account> Manageable(const SignedIn& caller, int64_t id);

  AccountStore* accounts_;
  SessionStore* sessions_;
  AuditStore* audit_;
  const PasswordHasher* hasher_;
  OrgPathLookup org_paths_;
  std::function<void(int64_t)> sessions_ended_ = [](int64_t) {};
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_ACCOUNT_ADMIN_H_
