// ParseResidentId on any bytes: never crashes, and whatever it accepts is a
// well-formed number whose mask hides the birth date and sequence.
#include <cstddef>
#include <cstdint>

#include "absl/time/civil_time.h"
#include "common/person/resident_id.h"
#include "tests/fuzz/require.h"

using unioncard::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using unioncard::person::ParseResidentId;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto id = ParseResidentId(text, absl::CivilDay(2026, 12, 1));
  if (!id.ok()) return 0;
  const std::string& n = id->number;
  Require(n.size() == 18);
  for (size_t i = 0; i < 17; ++i) Require(n[i] >= '0' && n[i] <= '9');
  Require(unioncard::person::ResidentIdCheckCharacter(n.substr(0, 17)) ==
          n[17]);
  Require(id->region_code == n.substr(0, 6));
  const std::string masked = unioncard::person::MaskResidentId(n);
  Require(masked.size() == 18 && masked.substr(6, 8) == "********");
  return 0;
}
