// A payout file, any bytes: never crashes, and every line it accepts has a
// reason of valid UTF-8 without surrounding spaces.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/import/payout_file.h"
#include "common/text/utf8.h"
#include "tests/fuzz/require.h"

using unioncard::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = unioncard::import::ReadPayoutFile(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (!file.ok()) return 0;
  Require(unioncard::text::IsValidUtf8(file->utf8));
  for (const auto& line : file->lines) {
    Require(unioncard::text::IsValidUtf8(line.reason));
    Require(line.reason.empty() ||
            (line.reason.front() != ' ' && line.reason.back() != ' '));
  }
  return 0;
}
