#include "common/text/utf8.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace unioncard::text {

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= s.size()) return false;
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::vector<char32_t> DecodeUtf8(absl::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int extra = c < 0x80             ? 0
                      : (c & 0xE0) == 0xC0 ? 1
                      : (c & 0xF0) == 0xE0 ? 2
                                           : 3;
    char32_t cp = extra == 0   ? c
                  : extra == 1 ? (c & 0x1F)
                  : extra == 2 ? (c & 0x0F)
                               : (c & 0x07);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

absl::Status CheckText(absl::string_view text, int max_characters) {
  if (!IsValidUtf8(text)) {
    return absl::InvalidArgumentError("is not valid UTF-8 text");
  }
  if (static_cast<int>(DecodeUtf8(text).size()) > max_characters) {
    return absl::InvalidArgumentError(
        absl::StrCat("is longer than ", max_characters, " characters"));
  }
  return absl::OkStatus();
}

std::string TruncateUtf8(absl::string_view utf8, size_t max_characters) {
  size_t characters = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    // A character starts at every byte that is not a continuation byte.
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80 &&
        characters++ == max_characters) {
      return std::string(utf8.substr(0, i));
    }
  }
  return std::string(utf8);
}

}  // namespace unioncard::text
