#ifndef UNIONCARD_COMMON_TEXT_UTF8_H_
#define UNIONCARD_COMMON_TEXT_UTF8_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace unioncard::text {

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or
// values past U+10FFFF).
bool IsValidUtf8(absl::string_view bytes);

// The code points of valid UTF-8 (check IsValidUtf8 first).
std::vector<char32_t> DecodeUtf8(absl::string_view utf8);

// OK, or INVALID_ARGUMENT saying "is not valid UTF-8 text" or "is longer
// than N characters" (characters, not bytes: 沧州 is 2). Callers name the
// field.
absl::Status CheckText(absl::string_view text, int max_characters);

// The first `max_characters` characters of valid UTF-8 (never a part of
// one): for columns sized in characters, where a byte cut could split 沧.
std::string TruncateUtf8(absl::string_view utf8, size_t max_characters);

}  // namespace unioncard::text

#endif  // UNIONCARD_COMMON_TEXT_UTF8_H_
