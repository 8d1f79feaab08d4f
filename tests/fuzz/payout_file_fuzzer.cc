// A payout file, any bytes: never crashes, and every line it accepts has a
// reason of valid UTF-8 without surrounding spaces.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/import/payout_file.h"
#include "common/text/utf8.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto lines = unioncard::import::ReadPayoutFile(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (!lines.ok()) return 0;
  for (const auto& line : *lines) {
    Require(unioncard::text::IsValidUtf8(line.reason));
    Require(line.reason.empty() ||
            (line.reason.front() != ' ' && line.reason.back() != ' '));
  }
  return 0;
}
