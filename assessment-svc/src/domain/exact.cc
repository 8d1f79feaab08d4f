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

namespace {

std::string ToDecimal(unsigned __int128 v) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + v % 10));
    v /= 10;
  } while (v != 0);
  return digits;
}

}  // namespace

std::string Ratio::PercentString(int decimals) const {
  unsigned __int128 scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  // round(100 * scale * num / den), half up, for non-negative values; num
  // and den are int64, so 200 * 10^decimals * num stays within 128 bits for
  // the few decimals bulletins print.
  const unsigned __int128 n = num < 0 ? 0 : static_cast<unsigned __int128>(num);
  const unsigned __int128 d = static_cast<unsigned __int128>(den);
  const unsigned __int128 units = (n * 100 * scale * 2 + d) / (d * 2);
  if (decimals == 0) return ToDecimal(units);
  std::string fraction = ToDecimal(units % scale);
  fraction.insert(0, static_cast<size_t>(decimals) - fraction.size(), '0');
  return absl::StrCat(ToDecimal(units / scale), ".", fraction);
}

int64_t WholePointsAbove(const Ratio& r, int64_t percent) {
  // (100·num − percent·den) / den, truncated toward zero (C++ division).
  const __int128 difference = static_cast<__int128>(r.num) * 100 -
                              static_cast<__int128>(percent) * r.den;
  return Saturate(difference / r.den);
}

}  // namespace unioncard::assessment
