#include "common/person/mobile_number.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace unioncard::person {

absl::StatusOr<std::string> NormalizeMobileNumber(absl::string_view text) {
  std::string digits;
  for (char c : text) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '+') {
      return absl::InvalidArgumentError(
          "a mobile number may contain only digits, spaces, hyphens and a "
          "leading +86");
    }
  }
  if (digits.size() == 13 && absl::StartsWith(digits, "86")) {
    digits.erase(0, 2);
  }
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') {
    return absl::InvalidArgumentError(
        "must be an 11-digit mainland mobile number starting 13-19");
  }
  return digits;
}

std::string MaskMobileNumber(absl::string_view number) {
  if (number.size() != 11) return std::string(number.size(), '*');
  return absl::StrCat(number.substr(0, 3), "****", number.substr(7));
}

}  // namespace unioncard::person
