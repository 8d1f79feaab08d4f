#ifndef UNIONCARD_GATEWAY_SRC_APP_MEMBER_SESSIONS_H_
#define UNIONCARD_GATEWAY_SRC_APP_MEMBER_SESSIONS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "gateway/src/app/sms_sender.h"
#include "gateway/src/domain/session_rules.h"
#include "gateway/src/store/member_login_store.h"

namespace unioncard::gateway {

// The members' sign-in rules (docs/architecture.md §7.7).
struct MemberLoginPolicy {
  absl::Duration code_lifetime = absl::Minutes(5);
  int codes_per_number_per_hour = 5;
  int codes_per_address_per_hour = 20;
  int wrong_codes_before_lock = 5;
  absl::Duration lock_for = absl::Minutes(15);
  SessionPolicy session{absl::Minutes(30), absl::Hours(12), absl::Minutes(1)};
};

// A signed-in member, as one request sees them.
struct SignedInMember {
  MemberIdentity member;
  std::string session_hash;
  std::string csrf_token;
  // What the services are told: subject = the member id, role member, the
  // member's grassroots union.
  auth::Principal principal() const;
  // How logs, the audit and the token cache name the member: "#member:<id>",
  // never a name or an ID number ('#' starts no staff username).
  std::string actor() const;
};

struct MemberLoginOutcome {
  std::string session_id;  // the cookie's value; stored only hashed
  SignedInMember who;
};

// Members sign in with their ID number and a one-time code sent by SMS to
// the mobile on record; their sessions are a kind of their own that never
// reaches staff routes.
class MemberSessions {
 public:
  // Asks member-svc whether the ID number and mobile belong to one member
  // in good standing: nullopt when they do not.
  using ContactCheck =
      std::function<absl::StatusOr<std::optional<MemberIdentity>>(
          const std::string& id_number, const std::string& mobile)>;

  // `number_secret` (32 bytes) keys the hash under which ID numbers are
  // kept in the gateway's tables.
  MemberSessions(
      MemberLoginStore* store, SmsSender* sms, ContactCheck check,
      std::string number_secret, MemberLoginPolicy policy,
      std::function<absl::Time()> clock = [] { return absl::Now(); });

  // INVALID_ARGUMENT naming id_number or mobile when malformed;
  // RESOURCE_EXHAUSTED (with the wait) past the hourly limits. Otherwise OK
  // whether or not the details matched a member: only a matching member
  // gets a code.
  absl::Status RequestCode(const std::string& id_number,
                           const std::string& mobile,
                           const std::string& address);
  // UNAUTHENTICATED for a wrong, expired or used code; RESOURCE_EXHAUSTED
  // while the number is locked after too many wrong codes.
  absl::StatusOr<MemberLoginOutcome> Login(const std::string& id_number,
                                           const std::string& code,
                                           const std::string& address);
  absl::StatusOr<SignedInMember> Authenticate(const std::string& session_id);
  absl::Status Logout(const SignedInMember& who);

  // Changing one's mobile: a code goes to the new number (the hourly
  // limits and the lock count per member, whatever numbers are tried); the
  // change is made only with that code, for that number.
  // INVALID_ARGUMENT naming mobile for a malformed number.
  absl::Status RequestMobileCode(const SignedInMember& who,
                                 const std::string& mobile,
                                 const std::string& address);
  // OK when `code` is the live code sent to `mobile` for this member (used
  // up by this call); UNAUTHENTICATED otherwise, RESOURCE_EXHAUSTED after
  // too many wrong codes. Returns the normalised number.
  absl::StatusOr<std::string> ConfirmMobileCode(const SignedInMember& who,
                                                const std::string& mobile,
                                                const std::string& code);
  // After the mobile changed: every other session of the member ends.
  absl::Status EndOtherSessions(const SignedInMember& who);

 private:
  // RESOURCE_EXHAUSTED past the hourly limits of `key` or `address`, or
  // while `key` is locked.
  absl::Status CheckLimits(const std::string& key, const std::string& address,
                           absl::Time now);
  // Stores a fresh code for `key`, good only with `bound_to` (the new
  // number of a mobile change), and sends it to `to` when `send`.
  absl::Status IssueCode(const std::string& key, const std::string& bound_to,
                         const MemberIdentity& member, const std::string& to,
                         const std::string& purpose, const std::string& address,
                         bool send);
  // Checks and uses up the live code for `key`: the member it was issued
  // for, or UNAUTHENTICATED (counted towards the lock).
  absl::StatusOr<MemberIdentity> UseCode(const std::string& key,
                                         const std::string& bound_to,
                                         const std::string& code,
                                         const std::string& address);
  // The key of a member's mobile changes.
  std::string MobileKey(int64_t member_id) const;
  // The ID number normalised and checked, then hashed with the secret.
  absl::StatusOr<std::string> NumberKey(const std::string& id_number) const;
  absl::Status CheckNotLocked(const std::string& number_key, absl::Time now);

  MemberLoginStore* store_;
  SmsSender* sms_;
  ContactCheck check_;
  std::string number_secret_;
  MemberLoginPolicy policy_;
  std::function<absl::Time()> clock_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_MEMBER_SESSIONS_H_
