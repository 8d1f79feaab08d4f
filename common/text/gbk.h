#ifndef UNIONCARD_COMMON_TEXT_GBK_H_
#define UNIONCARD_COMMON_TEXT_GBK_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/text/utf8.h"  // IsValidUtf8, for callers choosing an encoding

namespace unioncard::text {

// Excel on Chinese Windows saves CSV in GBK (code page 936). These convert
// with glibc's iconv. Reading uses GB18030, a superset of GBK, so every
// GBK file reads; writing uses GBK, and a character GBK lacks (some rare
// given-name characters) is an INVALID_ARGUMENT naming its byte offset
// rather than a silent '?'.
absl::StatusOr<std::string> GbkToUtf8(absl::string_view gbk);
absl::StatusOr<std::string> Utf8ToGbk(absl::string_view utf8);

// A file a clerk saved from Excel, as UTF-8 text: UTF-8 as it is, otherwise
// read as GBK. INVALID_ARGUMENT naming `source` when it is neither.
struct ClerkText {
  std::string utf8;
  const char* encoding;  // "UTF-8" or "GBK"
};
absl::StatusOr<ClerkText> DecodeClerkFile(std::string bytes,
                                          absl::string_view source);

}  // namespace unioncard::text

#endif  // UNIONCARD_COMMON_TEXT_GBK_H_
