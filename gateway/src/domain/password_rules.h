#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_PASSWORD_RULES_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_PASSWORD_RULES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace unioncard::gateway {

inline constexpr int kMinPasswordLength = 10;
inline constexpr int kMaxPasswordLength = 128;

// A staff password: at least kMinPasswordLength characters (not bytes), not
// the username, and accepted by libpwquality with its cracklib dictionary
// (Debian's cracklib-runtime), so "password123" and its kin are refused.
// INVALID_ARGUMENT on `field` with a sentence the user can act on.
absl::Status CheckNewPassword(absl::string_view username,
                              absl::string_view password,
                              absl::string_view field = "new_password");

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_PASSWORD_RULES_H_
