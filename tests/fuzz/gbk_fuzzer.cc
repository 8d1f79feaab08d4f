// GBK ⇄ UTF-8 on any bytes: never crashes; what GbkToUtf8 gives is valid
// UTF-8; valid UTF-8 that Utf8ToGbk accepts comes back unchanged.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/text/gbk.h"
#include "tests/fuzz/require.h"

using unioncard::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = unioncard::text;
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto utf8 = text::GbkToUtf8(bytes); utf8.ok()) {
    Require(text::IsValidUtf8(*utf8));
  }
  if (text::IsValidUtf8(bytes)) {
    if (auto gbk = text::Utf8ToGbk(bytes); gbk.ok()) {
      auto back = text::GbkToUtf8(*gbk);
      Require(back.ok() && *back == bytes);
    }
  }
  return 0;
}
