// The half-point scores a leading group types ("2.5"): never crashes; an
// accepted value lies in [0, max] in half points and came from text with
// no sign; a refused one is named in the field errors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "assessment-svc/src/api/assessment_convert.h"
#include "common/status/field_violations.h"
#include "tests/fuzz/require.h"

using unioncard::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int max = data[0] % 8;  // the real maxima are 3 and 4
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  unioncard::status::FieldErrors errors;
  auto score = unioncard::assessment::ParseHalfPoints(text, max, "f", errors);
  if (!score) {
    Require(!errors.empty());
    return 0;
  }
  Require(errors.empty());
  Require(score->halves() >= 0 && score->halves() <= 2 * max);
  Require(text.find('-') == std::string::npos &&
          text.find('+') == std::string::npos);
  return 0;
}
