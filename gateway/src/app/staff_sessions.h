#ifndef UNIONCARD_GATEWAY_SRC_APP_STAFF_SESSIONS_H_
#define UNIONCARD_GATEWAY_SRC_APP_STAFF_SESSIONS_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/crypto/personal_data.h"
#include "gateway/src/app/password_hasher.h"
#include "gateway/src/domain/login_throttle.h"
#include "gateway/src/domain/session_rules.h"
#include "gateway/src/store/account_store.h"
#include "gateway/src/store/session_store.h"

namespace unioncard::gateway {

// A signed-in staff member, as one request sees them.
struct SignedIn {
  Account account;
  std::string session_hash;
  std::string csrf_token;
  // What the services are told: subject = username, the account's role and
  // unit.
  auth::Principal principal() const;
};

struct LoginOutcome {
  std::string session_id;  // the cookie's value; stored only hashed
  std::string csrf_token;
  Account account;
};

// Log in, stay signed in, log out, change one's password
// (docs/architecture.md §7.3 and §7.4).
class StaffSessions {
 public:
  struct Options {
    SessionPolicy session;
    ThrottlePolicy per_account;
    ThrottlePolicy per_address{3, absl::Seconds(1), absl::Minutes(1), 0,
                               absl::Minutes(15)};
    std::function<absl::Time()> clock = [] { return absl::Now(); };
    // A checked session is trusted this long without asking the database
    // again. An ending made on another replica (logout, disable, password
    // change) takes effect there within this time; on this one at once.
    absl::Duration recheck_after = absl::Seconds(1);
  };
  // `totp_cipher` (may be null: no second factor offered) seals TOTP
  // secrets.
  StaffSessions(AccountStore* accounts, SessionStore* sessions,
                const PasswordHasher* hasher, Options options,
                const crypto::FieldCipher* totp_cipher = nullptr);

  // UNAUTHENTICATED with one message for every wrong username, password or
  // disabled account; RESOURCE_EXHAUSTED (payload "retry-after" in
  // seconds) while throttled or locked. `address` is the client's.
  // An account with a second factor also needs `totp_code`: without it
  // (right password) UNAUTHENTICATED naming the field totp_code; a wrong or
  // reused code counts as a failed login.
  absl::StatusOr<LoginOutcome> Login(const std::string& username,
                                     const std::string& password,
                                     const std::string& address,
                                     const std::string& totp_code = "");

  // Second factor (RFC 6238): a fresh secret for the signed-in account,
  // stored encrypted until confirmed by its first code; returns the secret
  // and the otpauth:// URI an authenticator app scans. FAILED_PRECONDITION
  // when the gateway has no data keys.
  struct TotpEnrollment {
    std::string secret_base32;
    std::string otpauth_uri;
  };
  absl::StatusOr<TotpEnrollment> EnrollTotp(const SignedIn& who,
                                            const std::string& address);
  absl::Status ConfirmTotp(const SignedIn& who, const std::string& code,
                           const std::string& address);
  // UNAUTHENTICATED for an unknown, expired or ended session, or an
  // account disabled since.
  absl::StatusOr<SignedIn> Authenticate(const std::string& session_id);
  absl::Status Logout(const SignedIn& who, const std::string& address);
  // Checks the old password and the rules, stores the new hash, ends every
  // session of the account and opens a fresh one (the id rotates).
  absl::StatusOr<LoginOutcome> ChangePassword(const SignedIn& who,
                                              const std::string& old_password,
                                              const std::string& new_password,
                                              const std::string& address);

  // Drops what this replica remembers of the account's sessions: after
  // they were ended, disabled or their password changed.
  void ForgetAccount(int64_t account_id);

  // Seconds until the next attempt is allowed, from a RESOURCE_EXHAUSTED
  // status of Login (0 when none is attached).
  static int RetryAfterSeconds(const absl::Status& status);

 private:
  absl::StatusOr<LoginOutcome> OpenSession(const Account& account);
  // True when `code` is the account's current code, not used before.
  absl::StatusOr<bool> CheckTotp(const Account& account,
                                 const std::string& code, absl::Time now);
  absl::Status Throttled(absl::Time until, absl::Time now) const;
  void NoteAddressFailure(const std::string& address, absl::Time now);
  void NoteUnknownUserFailure(const std::string& username, absl::Time now);

  AccountStore* accounts_;
  SessionStore* sessions_;
  const PasswordHasher* hasher_;
  Options options_;
  const crypto::FieldCipher* totp_cipher_;
  std::string dummy_hash_;  // verified against for unknown usernames

  std::mutex mu_;
  std::map<std::string, FailureRecord> by_address_;
  std::map<std::string, FailureRecord> unknown_users_;
  struct Checked {
    SignedIn who;
    absl::Time checked_at;
  };
  std::map<std::string, Checked> recently_checked_;  // by session hash
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_STAFF_SESSIONS_H_
