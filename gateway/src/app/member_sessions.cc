#include "gateway/src/app/member_sessions.h"

#include <sodium.h>

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/log/json_log.h"
#include "common/person/mobile_number.h"
#include "common/person/resident_id.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "gateway/src/app/password_hasher.h"
#include "gateway/src/domain/login_throttle.h"

namespace unioncard::gateway {
namespace {

constexpr char kWrongCode[] =
    "验证码不正确或已过期 (the code is wrong or expired)";

std::string CodeHash(const std::string& number_key, const std::string& code) {
  return Sha256(absl::StrCat(number_key, ":", code));
}

int64_t SecondsUntil(absl::Time until, absl::Time now) {
  return std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(until - now))));
}

}  // namespace

std::string SignedInMember::actor() const {
  return absl::StrCat("#member:", member.member_id);
}

auth::Principal SignedInMember::principal() const {
  auth::Principal p;
  p.subject = std::to_string(member.member_id);
  p.role = auth::Role::kMember;
  p.org_id = member.org_id;
  p.org_path = member.org_path;
  return p;
}

MemberSessions::MemberSessions(MemberLoginStore* store, SmsSender* sms,
                               ContactCheck check, std::string number_secret,
                               MemberLoginPolicy policy,
                               std::function<absl::Time()> clock)
    : store_(store),
      sms_(sms),
      check_(std::move(check)),
      number_secret_(std::move(number_secret)),
      policy_(policy),
      clock_(std::move(clock)) {
  if (sodium_init() < 0) log::Error("libsodium failed to initialise");
}

absl::StatusOr<std::string> MemberSessions::NumberKey(
    const std::string& id_number) const {
  const absl::CivilDay today =
      absl::ToCivilDay(clock_(), absl::FixedTimeZone(8 * 3600));
  auto id = person::ParseResidentId(
      std::string(absl::StripAsciiWhitespace(id_number)), today,
      person::AgePolicy{0, 200});
  if (!id.ok()) {
    return status::InvalidField("id_number",
                                std::string(id.status().message()));
  }
  unsigned char out[32];
  crypto_generichash(
      out, sizeof out,
      reinterpret_cast<const unsigned char*>(id->number.data()),
      id->number.size(),
      reinterpret_cast<const unsigned char*>(number_secret_.data()),
      number_secret_.size());
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

absl::Status MemberSessions::CheckNotLocked(const std::string& number_key,
                                            absl::Time now) {
  ASSIGN_OR_RETURN(MemberLoginStore::Failures failures,
                   store_->FailuresSince(number_key, now - policy_.lock_for,
                                         policy_.wrong_codes_before_lock));
  if (failures.count >= policy_.wrong_codes_before_lock) {
    // Locked until the oldest of the last five wrong codes is lock_for old.
    const int64_t wait =
        SecondsUntil(failures.nth_latest + policy_.lock_for, now);
    return RetryLater(
        absl::StrCat("验证码错误次数过多，请", (wait + 59) / 60,
                     "分钟后再试 (too many wrong codes: try again in ", wait,
                     " seconds)"),
        wait);
  }
  return absl::OkStatus();
}

absl::Status MemberSessions::CheckLimits(const std::string& key,
                                         const std::string& address,
                                         absl::Time now) {
  const absl::Time hour_ago = now - absl::Hours(1);
  ASSIGN_OR_RETURN(int by_key, store_->CodesForNumberSince(key, hour_ago));
  ASSIGN_OR_RETURN(int by_address,
                   store_->CodesFromAddressSince(address, hour_ago));
  if (by_key >= policy_.codes_per_number_per_hour ||
      by_address >= policy_.codes_per_address_per_hour) {
    return RetryLater(
        "获取验证码过于频繁，请稍后再试 (too many codes asked for within the "
        "hour)",
        3600);
  }
  return CheckNotLocked(key, now);
}

absl::Status MemberSessions::IssueCode(const std::string& key,
                                       const std::string& bound_to,
                                       const MemberIdentity& member,
                                       const std::string& to,
                                       const std::string& purpose,
                                       const std::string& address, bool send) {
  const absl::Time now = clock_();
  const std::string code =
      absl::StrFormat("%06u", randombytes_uniform(1000000));
  IssuedCode issued{key,    CodeHash(key, bound_to + code),
                    member, address.substr(0, 64),
                    now,    now + policy_.code_lifetime};
  RETURN_IF_ERROR(store_->AddCode(issued));
  if (!send) return absl::OkStatus();
  const char* what = purpose == "login" ? "登录" : "更换手机号";
  absl::Status sent = sms_->Send(
      {to,
       absl::StrCat("【沧州市总工会】您的", what, "验证码是", code, "，",
                    absl::ToInt64Minutes(policy_.code_lifetime),
                    "分钟内有效。请勿告诉他人。"),
       code, purpose});
  // A failure is logged, not answered: only a matching member is ever sent
  // a code, so an error would tell the caller that the details match.
  if (!sent.ok()) {
    log::Error("SMS not sent",
               {{"error", std::string(sent.message())}, {"purpose", purpose}});
  }
  return absl::OkStatus();
}

absl::StatusOr<MemberIdentity> MemberSessions::UseCode(
    const std::string& key, const std::string& bound_to,
    const std::string& code, const std::string& address) {
  std::string digits(absl::StripAsciiWhitespace(code));
  if (digits.size() != 6 ||
      !std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    return status::InvalidField("code", "must be the six digits sent by SMS");
  }
  const absl::Time now = clock_();
  RETURN_IF_ERROR(CheckNotLocked(key, now));
  ASSIGN_OR_RETURN(std::optional<MemberLoginStore::LiveCode> live,
                   store_->NewestLiveCode(key, now));
  // Each guess is counted on the code before it is compared: racing
  // requests cannot get more than wrong_codes_before_lock guesses at it.
  bool guess_allowed = false;
  if (live.has_value()) {
    ASSIGN_OR_RETURN(
        guess_allowed,
        store_->ClaimAttempt(live->id, policy_.wrong_codes_before_lock));
  }
  const std::string expected = CodeHash(key, bound_to + digits);
  const bool matches =
      guess_allowed && live->code_hash.size() == expected.size() &&
      sodium_memcmp(live->code_hash.data(), expected.data(), expected.size()) ==
          0;
  bool used = false;
  if (matches) {
    ASSIGN_OR_RETURN(used, store_->UseCode(live->id, now));
  }
  if (!used) {
    RETURN_IF_ERROR(store_->AddFailure(key, now));
    RETURN_IF_ERROR(CheckNotLocked(key, now));
    log::Info("member code refused", {{"address", address}});
    return absl::UnauthenticatedError(kWrongCode);
  }
  RETURN_IF_ERROR(store_->ClearFailures(key));
  return live->member;
}

absl::Status MemberSessions::RequestCode(const std::string& id_number,
                                         const std::string& mobile,
                                         const std::string& address) {
  status::FieldErrors errors;
  absl::StatusOr<std::string> key = NumberKey(id_number);
  if (!key.ok()) errors.Merge("", key.status());
  absl::StatusOr<std::string> number = person::NormalizeMobileNumber(mobile);
  if (!number.ok()) {
    errors.Add("mobile", std::string(number.status().message()));
  }
  RETURN_IF_ERROR(errors.ToStatus());
  // The limits come first: a throttled caller learns nothing and costs
  // member-svc nothing.
  RETURN_IF_ERROR(CheckLimits(*key, address, clock_()));
  ASSIGN_OR_RETURN(std::optional<MemberIdentity> member,
                   check_(id_number, *number));
  // A code row is written either way so the limits count every request;
  // only a matching member is sent one.
  return IssueCode(*key, "", member.value_or(MemberIdentity{}), *number,
                   "login", address, member.has_value());
}

absl::StatusOr<MemberLoginOutcome> MemberSessions::Login(
    const std::string& id_number, const std::string& code,
    const std::string& address) {
  ASSIGN_OR_RETURN(std::string key, NumberKey(id_number));
  ASSIGN_OR_RETURN(MemberIdentity member, UseCode(key, "", code, address));
  const absl::Time now = clock_();
  MemberLoginOutcome outcome;
  outcome.session_id = RandomToken(32);
  outcome.who = {member, Sha256(outcome.session_id), RandomToken(32)};
  RETURN_IF_ERROR(
      store_->CreateSession({outcome.who.session_hash, outcome.who.member,
                             outcome.who.csrf_token, now, now}));
  log::Info("member signed in",
            {{"member_id", member.member_id}, {"address", address}});
  return outcome;
}

std::string MemberSessions::MobileKey(int64_t member_id) const {
  return Sha256(absl::StrCat("mobile change:", number_secret_, ":", member_id));
}

absl::Status MemberSessions::RequestMobileCode(const SignedInMember& who,
                                               const std::string& mobile,
                                               const std::string& address) {
  absl::StatusOr<std::string> number = person::NormalizeMobileNumber(mobile);
  if (!number.ok()) {
    return status::InvalidField("mobile",
                                std::string(number.status().message()));
  }
  // Limits and the lock count per member, whichever numbers are tried;
  // the code is bound to the number it went to.
  const std::string key = MobileKey(who.member.member_id);
  RETURN_IF_ERROR(CheckLimits(key, address, clock_()));
  return IssueCode(key, *number + ":", who.member, *number, "mobile", address,
                   true);
}

absl::StatusOr<std::string> MemberSessions::ConfirmMobileCode(
    const SignedInMember& who, const std::string& mobile,
    const std::string& code) {
  absl::StatusOr<std::string> number = person::NormalizeMobileNumber(mobile);
  if (!number.ok()) {
    return status::InvalidField("mobile",
                                std::string(number.status().message()));
  }
  ASSIGN_OR_RETURN(
      MemberIdentity member,
      UseCode(MobileKey(who.member.member_id), *number + ":", code, ""));
  if (member.member_id != who.member.member_id) {
    return absl::UnauthenticatedError(kWrongCode);
  }
  return *number;
}

absl::Status MemberSessions::EndOtherSessions(const SignedInMember& who) {
  return store_->DeleteOtherSessions(who.member.member_id, who.session_hash);
}

absl::StatusOr<SignedInMember> MemberSessions::Authenticate(
    const std::string& session_id) {
  if (session_id.empty() || session_id.size() > 64) {
    return absl::UnauthenticatedError("请先登录 (sign in first)");
  }
  const std::string hash = Sha256(session_id);
  const absl::Time now = clock_();
  ASSIGN_OR_RETURN(std::optional<MemberSessionRow> found,
                   store_->FindSession(hash));
  if (!found || !SessionIsLive(policy_.session, found->created_at,
                               found->last_seen, now)) {
    if (found) store_->DeleteSession(hash).IgnoreError();
    return absl::UnauthenticatedError(
        "登录已过期，请重新登录 (your session has ended; sign in again)");
  }
  if (now - found->last_seen >= policy_.session.touch_every) {
    RETURN_IF_ERROR(store_->TouchSession(hash, now));
  }
  return SignedInMember{found->member, hash, found->csrf_token};
}

absl::Status MemberSessions::Logout(const SignedInMember& who) {
  return store_->DeleteSession(who.session_hash);
}

}  // namespace unioncard::gateway
