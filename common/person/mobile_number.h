#ifndef UNIONCARD_COMMON_PERSON_MOBILE_NUMBER_H_
#define UNIONCARD_COMMON_PERSON_MOBILE_NUMBER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::person {

// A mainland China mobile number: 11 digits, "1" then 3-9. Accepts an
// optional "+86" or "86" prefix and spaces or hyphens between digit groups;
// returns the bare 11 digits.
absl::StatusOr<std::string> NormalizeMobileNumber(absl::string_view text);

// For display and logs: "138****5678".
std::string MaskMobileNumber(absl::string_view number);

}  // namespace unioncard::person

#endif  // UNIONCARD_COMMON_PERSON_MOBILE_NUMBER_H_
