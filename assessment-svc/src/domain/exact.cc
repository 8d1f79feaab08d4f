#include "assessment-svc/src/domain/exact.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace unioncard::assessment {

std::string Score::ToString() const {
  const int64_t whole = halves_ / 2;
  if (halves_ % 2 == 0) return absl::StrCat(whole);
  // -3 halves is -1.5: keep the sign when the whole part is zero.
  return absl::StrCat(halves_ < 0 && whole == 0 ? "-" : "", whole, ".5");
}

int Ratio::Compare(const Ratio& o) const {
  const __int128 left = static_cast<__int128>(num) * o.den;
  const __int128 right = static_cast<__int128>(o.num) * den;
  return left < right ? -1 : (left > right ? 1 : 0);
}

std::string Ratio::PercentString(int decimals) const {
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  // round(100 * scale * num / den), half up, for non-negative values
  const __int128 scaled = static_cast<__int128>(num) * 100 * scale * 2 + den;
  const int64_t units =
      static_cast<int64_t>(scaled / (static_cast<__int128>(den) * 2));
  if (decimals == 0) return absl::StrCat(units);
  return absl::StrFormat("%d.%0*d", units / scale, decimals, units % scale);
}

int64_t WholePointsAbove(const Ratio& r, int64_t percent) {
  // (100·num − percent·den) / den, truncated toward zero (C++ division).
  const __int128 difference = static_cast<__int128>(r.num) * 100 -
                              static_cast<__int128>(percent) * r.den;
  return static_cast<int64_t>(difference / r.den);
}

}  // namespace unioncard::assessment
