#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_TOTP_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_TOTP_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace unioncard::gateway {

// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1,
// 30-second steps, 6 digits): what authenticator apps compute.
inline constexpr int64_t kTotpStepSeconds = 30;

// The step `t` falls in.
int64_t TotpStep(absl::Time t);
// The code of `step` for `secret` (raw bytes), `digits` long.
std::string TotpCode(absl::string_view secret, int64_t step, int digits = 6);

// The step whose code `code` is, within one step of `now` (clock drift),
// and later than `last_used_step` (a code is good once); nullopt otherwise.
std::optional<int64_t> MatchTotp(absl::string_view secret,
                                 absl::string_view code, absl::Time now,
                                 int64_t last_used_step);

// RFC 4648 base32 without padding, as otpauth:// URIs carry secrets.
std::string Base32Encode(absl::string_view bytes);
std::optional<std::string> Base32Decode(absl::string_view text);

// otpauth://totp/<issuer>:<account>?secret=…&issuer=…: what an app scans.
std::string OtpauthUri(absl::string_view issuer, absl::string_view account,
                       absl::string_view secret);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_TOTP_H_
