#include "gateway/src/app/staff_sessions.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "gateway/src/app/audit_entries.h"
#include "gateway/src/domain/password_rules.h"
#include "gateway/src/domain/totp.h"

namespace unioncard::gateway {
namespace {

constexpr char kTotpContext[] = "accounts.totp";
constexpr char kWrongCredentials[] =
    "the username or password is wrong, or the account is disabled";

// UNAUTHENTICATED, yet naming the field, so the login form shows the
// code's input with the reason beside it.
absl::Status SecondFactorRefused(const std::string& description) {
  absl::Status field = status::InvalidField("totp_code", description);
  absl::Status out(absl::StatusCode::kUnauthenticated, field.message());
  field.ForEachPayload([&out](absl::string_view url, const absl::Cord& p) {
    out.SetPayload(url, p);
  });
  return out;
}

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
                             const PasswordHasher* hasher, Options options,
                             const crypto::FieldCipher* totp_cipher)
    : accounts_(accounts),
      sessions_(sessions),
      hasher_(hasher),
      options_(std::move(options)),
      totp_cipher_(totp_cipher),
      dummy_hash_(hasher->Hash(RandomToken(16)).value_or("")) {}

int StaffSessions::RetryAfterSeconds(const absl::Status& status) {
  return gateway::RetryAfterSeconds(status);
}

absl::Status StaffSessions::Throttled(absl::Time until, absl::Time now) const {
  if (until == absl::InfiniteFuture()) {
    return RetryLater(
        "too many failed logins: this sign-in is locked until an "
        "administrator unlocks it",
        3600);
  }
  const int64_t wait = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(until - now))));
  return RetryLater(
      absl::StrCat("too many failed logins: try again in ", wait, " seconds"),
      wait);
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

absl::StatusOr<LoginOutcome> StaffSessions::Login(
    const std::string& username, const std::string& password,
    const std::string& address, const std::string& totp_code) {
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
  if (!account.totp_cipher.empty()) {
    if (totp_code.empty()) {
      return SecondFactorRefused(
          "is required: enter the 6-digit code of your authenticator app");
    }
    absl::StatusOr<bool> good = CheckTotp(account, totp_code, now);
    if (!good.ok()) return good.status();
    if (!*good) {
      NoteAddressFailure(address, now);
      RETURN_IF_ERROR(accounts_->RecordFailure(
          account.id, now,
          LoginAudit(account, address, "login.failed",
                     {{"failures", account.failed_logins + 1},
                      {"second_factor", true}})));
      return SecondFactorRefused(
          "is wrong or was used already; wait for the next code");
    }
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

absl::StatusOr<bool> StaffSessions::CheckTotp(const Account& account,
                                              const std::string& code,
                                              absl::Time now) {
  if (totp_cipher_ == nullptr) {
    return absl::FailedPreconditionError(
        "this account has a second factor but the gateway has no --data_keys "
        "to read it");
  }
  ASSIGN_OR_RETURN(std::string secret,
                   totp_cipher_->Decrypt(account.totp_cipher, kTotpContext));
  std::optional<int64_t> step =
      MatchTotp(secret, code, now, account.totp_last_step);
  if (!step) return false;
  // Good once, even with two replicas racing on the same code.
  return accounts_->UseTotpStep(account.id, *step);
}

absl::StatusOr<StaffSessions::TotpEnrollment> StaffSessions::EnrollTotp(
    const SignedIn& who, const std::string& address) {
  if (totp_cipher_ == nullptr) {
    return absl::FailedPreconditionError(
        "the gateway runs without --data_keys: a second factor cannot be "
        "stored");
  }
  const std::string secret = RandomBytes(20);  // 160 bits, as RFC 4226 asks
  ASSIGN_OR_RETURN(std::string sealed,
                   totp_cipher_->Encrypt(secret, kTotpContext));
  RETURN_IF_ERROR(accounts_->SetTotpPending(
      who.account.id, sealed, LoginAudit(who.account, address, "totp.enroll")));
  return TotpEnrollment{
      Base32Encode(secret),
      OtpauthUri("沧州工会会员卡", who.account.username, secret)};
}

absl::Status StaffSessions::ConfirmTotp(const SignedIn& who,
                                        const std::string& code,
                                        const std::string& address) {
  ASSIGN_OR_RETURN(Account account, accounts_->Get(who.account.id));
  if (account.totp_pending_cipher.empty() || totp_cipher_ == nullptr) {
    return absl::FailedPreconditionError(
        "start with POST /v1/session/totp:enroll");
  }
  ASSIGN_OR_RETURN(
      std::string secret,
      totp_cipher_->Decrypt(account.totp_pending_cipher, kTotpContext));
  std::optional<int64_t> step =
      MatchTotp(secret, code, options_.clock(), account.totp_last_step);
  if (!step) {
    return status::InvalidField(
        "code",
        "does not match; check the phone's clock and try the next "
        "code");
  }
  RETURN_IF_ERROR(accounts_->ConfirmTotp(
      account.id, *step, LoginAudit(account, address, "totp.confirm")));
  ForgetAccount(account.id);
  return absl::OkStatus();
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
