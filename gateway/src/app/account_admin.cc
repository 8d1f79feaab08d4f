#include "gateway/src/app/account_admin.h"

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "gateway/src/app/audit_entries.h"
#include "gateway/src/domain/account_rules.h"

namespace unioncard::gateway {
namespace {

db::AuditEntry AdminAudit(const SignedIn& caller, const std::string& address,
                          std::string action, int64_t target,
                          nlohmann::json detail = {}) {
  return GatewayAudit(caller.account.username, caller.account.role,
                      caller.account.org_path, address, std::move(action),
                      "account", absl::StrCat(target), std::move(detail));
}

}  // namespace

absl::StatusOr<AccountWithPassword> AccountAdmin::Create(
    const SignedIn& caller, const NewAccount& request,
    const std::string& address) {
  status::FieldErrors errors;
  errors.Merge("", CheckUsername(request.username));
  errors.Merge("display_name",
               text::CheckText(request.display_name, /*max_characters=*/50));
  absl::StatusOr<auth::Role> role = auth::ParseRole(request.role);
  if (!role.ok() || !IsStaffRole(*role)) {
    errors.Add("role",
               "must be city_admin, county_staff, grassroots_staff, assessor "
               "or auditor");
  }
  if (request.display_name.empty()) errors.Add("display_name", "is required");
  if (request.org_id.empty()) errors.Add("org_id", "is required");
  RETURN_IF_ERROR(errors.ToStatus());

  ASSIGN_OR_RETURN(std::string org_path, org_paths_(caller, request.org_id));
  RETURN_IF_ERROR(CheckRoleFitsPath(*role, org_path));
  RETURN_IF_ERROR(MayCreateAccount(caller.principal(), *role, org_path));

  AccountWithPassword out;
  out.temporary_password = RandomPassword();
  Account a;
  a.username = request.username;
  a.display_name = request.display_name;
  a.role = *role;
  a.org_id = request.org_id;
  a.org_path = org_path;
  ASSIGN_OR_RETURN(a.password_hash, hasher_->Hash(out.temporary_password));
  a.must_change_password = true;
  a.created_by = caller.account.username;
  ASSIGN_OR_RETURN(
      out.account,
      accounts_->Create(a, AdminAudit(caller, address, "account.create", 0,
                                      {{"username", a.username},
                                       {"role", request.role},
                                       {"org_path", org_path}})));
  return out;
}

absl::StatusOr<std::vector<Account>> AccountAdmin::List(const SignedIn& caller,
                                                        int64_t after_id,
                                                        int limit) {
  if (caller.account.role != auth::Role::kCityAdmin &&
      caller.account.role != auth::Role::kCountyStaff &&
      caller.account.role != auth::Role::kAuditor) {
    return absl::PermissionDeniedError(absl::StrCat(
        auth::AccountOf(caller.account.role), " may not list accounts"));
  }
  return accounts_->ListUnder(caller.account.org_path, after_id, limit);
}

absl::StatusOr<Account> AccountAdmin::Get(const SignedIn& caller, int64_t id) {
  absl::StatusOr<Account> a = accounts_->Get(id);
  // Outside one's scope an account does not exist.
  if (!a.ok() || !caller.principal().Covers(a->org_path)) {
    return absl::NotFoundError(absl::StrCat("account ", id, " not found"));
  }
  return a;
}

absl::StatusOr<Account> AccountAdmin::Manageable(const SignedIn& caller,
                                                 int64_t id) {
  ASSIGN_OR_RETURN(Account target, Get(caller, id));
  RETURN_IF_ERROR(MayManageAccount(caller.principal(), caller.account.username,
                                   target.username, target.role,
                                   target.org_path));
  return target;
}

absl::StatusOr<Account> AccountAdmin::SetDisabled(const SignedIn& caller,
                                                  int64_t id, bool disabled,
                                                  const std::string& address) {
  ASSIGN_OR_RETURN(Account target, Manageable(caller, id));
  RETURN_IF_ERROR(accounts_->SetDisabled(
      id, disabled, caller.account.username,
      AdminAudit(caller, address,
                 disabled ? "account.disable" : "account.enable", id)));
  if (disabled) {
    RETURN_IF_ERROR(sessions_->DeleteForAccount(id).status());
    sessions_ended_(id);
  }
  return accounts_->Get(id);
}

absl::StatusOr<AccountWithPassword> AccountAdmin::ResetPassword(
    const SignedIn& caller, int64_t id, const std::string& address) {
  ASSIGN_OR_RETURN(Account target, Manageable(caller, id));
  AccountWithPassword out;
  out.temporary_password = RandomPassword();
  ASSIGN_OR_RETURN(std::string hash, hasher_->Hash(out.temporary_password));
  RETURN_IF_ERROR(accounts_->SetPassword(
      id, hash, /*must_change=*/true, caller.account.username,
      AdminAudit(caller, address, "account.reset_password", id)));
  // A reset is how a lost phone is recovered: the second factor goes too.
  RETURN_IF_ERROR(accounts_->ClearTotp(id));
  RETURN_IF_ERROR(sessions_->DeleteForAccount(id).status());
  sessions_ended_(id);
  ASSIGN_OR_RETURN(out.account, accounts_->Get(id));
  return out;
}

absl::StatusOr<Account> AccountAdmin::Unlock(const SignedIn& caller, int64_t id,
                                             const std::string& address) {
  ASSIGN_OR_RETURN(Account target, Manageable(caller, id));
  RETURN_IF_ERROR(accounts_->Unlock(
      id, caller.account.username,
      AdminAudit(caller, address, "account.unlock", id,
                 {{"failures_before", target.failed_logins}})));
  return accounts_->Get(id);
}

absl::StatusOr<int> AccountAdmin::EndSessions(const SignedIn& caller,
                                              int64_t id,
                                              const std::string& address) {
  ASSIGN_OR_RETURN(Account target, Manageable(caller, id));
  ASSIGN_OR_RETURN(int ended, sessions_->DeleteForAccount(id));
  sessions_ended_(id);
  RETURN_IF_ERROR(audit_->Append(AdminAudit(
      caller, address, "account.end_sessions", id, {{"sessions", ended}})));
  return ended;
}

absl::StatusOr<AccountWithPassword> AccountAdmin::Bootstrap(
    AccountStore& accounts, const PasswordHasher& hasher,
    const std::string& username, const std::string& display_name) {
  RETURN_IF_ERROR(CheckUsername(username));
  ASSIGN_OR_RETURN(int64_t existing, accounts.Count());
  if (existing > 0) {
    return absl::FailedPreconditionError(
        "accounts exist already: the first administrator was made before; "
        "sign in as a city admin and create accounts in the portal");
  }
  AccountWithPassword out;
  out.temporary_password = RandomPassword();
  Account a;
  a.username = username;
  a.display_name = display_name;
  a.role = auth::Role::kCityAdmin;
  a.org_id = "city";
  a.org_path = "/city/";
  ASSIGN_OR_RETURN(a.password_hash, hasher.Hash(out.temporary_password));
  a.must_change_password = true;
  a.created_by = "bootstrap";
  ASSIGN_OR_RETURN(
      out.account,
      accounts.Create(
          a, GatewayAudit("bootstrap", auth::Role::kCityAdmin, "/city/",
                          "local", "account.bootstrap", "account", "0",
                          {{"username", username}})));
  return out;
}

}  // namespace unioncard::gateway
