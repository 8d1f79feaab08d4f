#include "gateway/src/app/staff_sessions.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "gateway/src/app/audit_entries.h"
#include "gateway/src/domain/password_rules.h"

namespace unioncard::gateway {
namespace {

constexpr char kRetryAfterPayload[] = "unioncard/retry-after";
constexpr char kWrongCredentials[] =
    "the username or password is wrong, or the account is disabled";

db::AuditEntry LoginAudit(const Account& a, const std::string& address,
                          std::string action, nlohmann::json detail = {}) {
  return GatewayAudit(a.username, a.role, a.org_path, address,
                      std::move(action), "account", absl::StrCat(a.id),
                      std::move(detail));
}

}  // namespace

auth::Principal SignedIn::principal() const {
  auth::Principal p;
  p.subject = account.username;
  p.role = account.role;
  p.org_id = account.org_id;
  p.org_path = account.org_path;
  return p;
}

StaffSessions::StaffSessions(AccountStore* accounts, SessionStore* sessions,
                             const PasswordHasher* hasher, Options options)
    : accounts_(accounts),
      sessions_(sessions),
      hasher_(hasher),
      options_(std::move(options)),
      dummy_hash_(hasher->Hash(RandomToken(16)).value_or("")) {}

int StaffSessions::RetryAfterSeconds(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayload);
  int seconds = 0;
  if (payload && absl::SimpleAtoi(std::string(*payload), &seconds)) {
    return seconds;
  }
  return 0;
}

absl::Status StaffSessions::Throttled(absl::Time until, absl::Time now) const {
  absl::Status s;
  if (until == absl::InfiniteFuture()) {
    s = absl::ResourceExhaustedError(
        "too many failed logins: this sign-in is locked until an "
        "administrator unlocks it");
    s.SetPayload(kRetryAfterPayload, absl::Cord("3600"));
    return s;
  }
  const int64_t wait = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(until - now))));
  s = absl::ResourceExhaustedError(
      absl::StrCat("too many failed logins: try again in ", wait, " seconds"));
  s.SetPayload(kRetryAfterPayload, absl::Cord(absl::StrCat(wait)));
  return s;
}

void StaffSessions::NoteAddressFailure(const std::string& address,
                                       absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  FailureRecord& r = by_address_[address];
  if (now - r.last_failure > options_.per_address.forget_after) r.failures = 0;
  ++r.failures;
  r.last_failure = now;
  // Bounded memory: forget the stalest addresses first.
  if (by_address_.size() > 100000) by_address_.clear();
}

void StaffSessions::NoteUnknownUserFailure(const std::string& username,
                                           absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  FailureRecord& r = unknown_users_[username];
  ++r.failures;
  r.last_failure = now;
  if (unknown_users_.size() > 100000) unknown_users_.clear();
}

absl::StatusOr<LoginOutcome> StaffSessions::Login(const std::string& username,
                                                  const std::string& password,
                                                  const std::string& address) {
  const absl::Time now = options_.clock();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_address_.find(address);
    if (it != by_address_.end()) {
      FailureRecord r = it->second;
      if (now - r.last_failure > options_.per_address.forget_after) {
        r.failures = 0;
      }
      absl::Time next = NextAttemptAllowed(options_.per_address, r);
      if (next > now) return Throttled(next, now);
    }
  }
  ASSIGN_OR_RETURN(std::optional<Account> found,
                   accounts_->FindByUsername(username));
  if (!found) {
    // Unknown usernames cost the same time and are throttled and locked
    // the same way, so neither timing nor messages tell that they are.
    FailureRecord r;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = unknown_users_.find(username);
      if (it != unknown_users_.end()) r = it->second;
    }
    absl::Time next = NextAttemptAllowed(options_.per_account, r);
    if (next > now) return Throttled(next, now);
    hasher_->Verify(dummy_hash_, password);
    NoteUnknownUserFailure(username, now);
    NoteAddressFailure(address, now);
    return absl::UnauthenticatedError(kWrongCredentials);
  }
  const Account& account = *found;
  FailureRecord record{account.failed_logins, account.last_failed_at};
  absl::Time next = NextAttemptAllowed(options_.per_account, record);
  if (next > now) return Throttled(next, now);

  if (!hasher_->Verify(account.password_hash, password) || account.disabled) {
    NoteAddressFailure(address, now);
    const bool locks =
        options_.per_account.lockout_after > 0 &&
        account.failed_logins + 1 >= options_.per_account.lockout_after;
    RETURN_IF_ERROR(accounts_->RecordFailure(
        account.id, now,
        LoginAudit(account, address, locks ? "login.locked" : "login.failed",
                   {{"failures", account.failed_logins + 1},
                    {"disabled", account.disabled}})));
    return absl::UnauthenticatedError(kWrongCredentials);
  }
  std::string rehashed;
  if (hasher_->NeedsRehash(account.password_hash)) {
    ASSIGN_OR_RETURN(rehashed, hasher_->Hash(password));
  }
  RETURN_IF_ERROR(
      accounts_->RecordSuccess(account.id, rehashed,
                               LoginAudit(account, address, "login.succeeded",
                                          {{"rehashed", !rehashed.empty()}})));
  {
    std::lock_guard<std::mutex> lock(mu_);
    by_address_.erase(address);
  }
  return OpenSession(account);
}

absl::StatusOr<LoginOutcome> StaffSessions::OpenSession(
    const Account& account) {
  LoginOutcome out;
  out.session_id = RandomToken(32);
  out.csrf_token = RandomToken(32);
  out.account = account;
  const absl::Time now = options_.clock();
  RETURN_IF_ERROR(sessions_->Create(
      {Sha256(out.session_id), account.id, out.csrf_token, now, now}));
  return out;
}

absl::StatusOr<SignedIn> StaffSessions::Authenticate(
    const std::string& session_id) {
  if (session_id.empty() || session_id.size() > 64) {
    return absl::UnauthenticatedError("sign in first");
  }
  const std::string hash = Sha256(session_id);
  const absl::Time now = options_.clock();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = recently_checked_.find(hash);
    if (it != recently_checked_.end() &&
        now - it->second.checked_at < options_.recheck_after) {
      return it->second.who;
    }
  }
  ASSIGN_OR_RETURN(auto found, sessions_->FindWithAccount(hash));
  if (!found || !SessionIsLive(options_.session, found->first.created_at,
                               found->first.last_seen, now)) {
    // Expired: tidy up; a failure here only leaves a dead row behind.
    if (found) sessions_->Delete(hash).IgnoreError();
    return absl::UnauthenticatedError("your session has ended; sign in again");
  }
  auto& [session, account] = *found;
  if (account.disabled) {
    return absl::UnauthenticatedError("your session has ended; sign in again");
  }
  if (now - session.last_seen >= options_.session.touch_every) {
    RETURN_IF_ERROR(sessions_->Touch(hash, now));
  }
  SignedIn who{std::move(account), hash, session.csrf_token};
  std::lock_guard<std::mutex> lock(mu_);
  if (recently_checked_.size() > 100000) recently_checked_.clear();
  recently_checked_[hash] = {who, now};
  return who;
}

void StaffSessions::ForgetAccount(int64_t account_id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = recently_checked_.begin(); it != recently_checked_.end();) {
    if (it->second.who.account.id == account_id) {
      it = recently_checked_.erase(it);
    } else {
      ++it;
    }
  }
}

absl::Status StaffSessions::Logout(const SignedIn& who,
                                   const std::string& address) {
  ForgetAccount(who.account.id);
  RETURN_IF_ERROR(sessions_->Delete(who.session_hash));
  return accounts_->RecordSuccess(who.account.id, "",
                                  LoginAudit(who.account, address, "logout"));
}

absl::StatusOr<LoginOutcome> StaffSessions::ChangePassword(
    const SignedIn& who, const std::string& old_password,
    const std::string& new_password, const std::string& address) {
  if (!hasher_->Verify(who.account.password_hash, old_password)) {
    return status::InvalidField("old_password", "is not your password");
  }
  if (old_password == new_password) {
    return status::InvalidField("new_password",
                                "must differ from the old password");
  }
  RETURN_IF_ERROR(CheckNewPassword(who.account.username, new_password));
  ASSIGN_OR_RETURN(std::string hash, hasher_->Hash(new_password));
  RETURN_IF_ERROR(accounts_->SetPassword(
      who.account.id, hash, /*must_change=*/false, who.account.username,
      LoginAudit(who.account, address, "account.change_password")));
  RETURN_IF_ERROR(sessions_->DeleteForAccount(who.account.id).status());
  ForgetAccount(who.account.id);
  ASSIGN_OR_RETURN(Account fresh, accounts_->Get(who.account.id));
  return OpenSession(fresh);
}

}  // namespace unioncard::gateway
