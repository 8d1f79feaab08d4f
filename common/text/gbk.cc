#include "common/text/gbk.h"

#include <errno.h>
#include <iconv.h>

#include "absl/strings/str_cat.h"

namespace unioncard::text {
namespace {

absl::StatusOr<std::string> Convert(absl::string_view input, const char* from,
                                    const char* to) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return absl::InternalError(
        absl::StrCat("iconv cannot convert ", from, " to ", to));
  }
  std::string out(input.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(input.data());
  size_t in_left = input.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  absl::Status status;
  while (in_left > 0) {
    if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) !=
        static_cast<size_t>(-1)) {
      continue;
    }
    if (errno == E2BIG) {
      const size_t used = out.size() - out_left;
      out.resize(out.size() * 2);
      out_ptr = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    status = absl::InvalidArgumentError(
        absl::StrCat("byte ", input.size() - in_left, ": not valid ", from,
                     " or not representable in ", to));
    break;
  }
  iconv_close(cd);
  if (!status.ok()) return status;
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

absl::StatusOr<std::string> GbkToUtf8(absl::string_view gbk) {
  return Convert(gbk, "GB18030", "UTF-8");
}

absl::StatusOr<std::string> Utf8ToGbk(absl::string_view utf8) {
  return Convert(utf8, "UTF-8", "GBK");
}

absl::StatusOr<ClerkText> DecodeClerkFile(std::string bytes,
                                          absl::string_view source) {
  if (IsValidUtf8(bytes)) return ClerkText{std::move(bytes), "UTF-8"};
  absl::StatusOr<std::string> utf8 = GbkToUtf8(bytes);
  if (!utf8.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, " is neither UTF-8 nor GBK text (", utf8.status().message(),
        "); save it from Excel as \"CSV UTF-8\" and try again"));
  }
  return ClerkText{*std::move(utf8), "GBK"};
}

}  // namespace unioncard::text
