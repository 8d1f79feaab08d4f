#include "gateway/src/domain/password_rules.h"

#include <pwquality.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/text/utf8.h"

namespace unioncard::gateway {

absl::Status CheckNewPassword(absl::string_view username,
                              absl::string_view password,
                              absl::string_view field) {
  const std::string name(field);
  if (!text::IsValidUtf8(password)) {
    return status::InvalidField(name, "must be UTF-8 text");
  }
  const size_t length = text::DecodeUtf8(password).size();
  if (length < kMinPasswordLength || length > kMaxPasswordLength) {
    return status::InvalidField(
        name,
        absl::StrCat("must be ", kMinPasswordLength, "–", kMaxPasswordLength,
                     " characters long, got ", length));
  }
  if (!username.empty() && absl::StrContains(absl::AsciiStrToLower(password),
                                             absl::AsciiStrToLower(username))) {
    return status::InvalidField(name, "must not contain the username");
  }
  // Built-in defaults plus our length, not /etc/security/pwquality.conf:
  // the rule must not change with the machine the gateway runs on.
  pwquality_settings_t* settings = pwquality_default_settings();
  if (settings == nullptr) {
    return absl::InternalError("libpwquality could not be initialised");
  }
  pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, kMinPasswordLength);
  void* aux = nullptr;
  const std::string copy(password);
  const std::string user(username);
  int score = pwquality_check(settings, copy.c_str(), nullptr,
                              user.empty() ? nullptr : user.c_str(), &aux);
  absl::Status result = absl::OkStatus();
  if (score < 0) {
    char buffer[PWQ_MAX_ERROR_MESSAGE_LEN];
    const char* reason = pwquality_strerror(buffer, sizeof buffer, score, aux);
    result = status::InvalidField(
        name, absl::StrCat("is too easy to guess (", reason,
                           "); use a longer phrase of unrelated words"));
  }
  pwquality_free_settings(settings);
  return result;
}

}  // namespace unioncard::gateway
