#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_EXACT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_EXACT_H_

#include <cstdint>
#include <string>

namespace unioncard::assessment {

// Every score in docs/rules.md §6 is a whole multiple of 0.5 (§6.7), so
// scores are held as integer half-points: sums are exact and 21.5 prints
// as "21.5", never 21.499999.
constexpr int64_t Saturate(__int128 v) {
  return v > INT64_MAX ? INT64_MAX : (v < INT64_MIN ? INT64_MIN : int64_t(v));
}
constexpr int64_t SaturatingAdd(int64_t a, int64_t b) {
  return Saturate(static_cast<__int128>(a) + b);
}
constexpr int64_t SaturatingSub(int64_t a, int64_t b) {
  return Saturate(static_cast<__int128>(a) - b);
}
constexpr int64_t SaturatingMul(int64_t a, int64_t b) {
  return Saturate(static_cast<__int128>(a) * b);
}

class Score {
 public:
  constexpr Score() = default;
  static constexpr Score Points(int64_t points) { return Score(points * 2); }
  static constexpr Score Halves(int64_t halves) { return Score(halves); }

  constexpr int64_t halves() const { return halves_; }
  // "21.5", "20", "-1.5".
  std::string ToString() const;

  // Sums and products saturate at the int64 limits instead of wrapping
  // around: the API bounds its inputs, and this keeps a value that slips
  // past it from turning into a score of the wrong sign.
  constexpr Score operator+(Score o) const {
    return Score(SaturatingAdd(halves_, o.halves_));
  }
  constexpr Score operator-(Score o) const {
    return Score(SaturatingSub(halves_, o.halves_));
  }
  constexpr Score operator*(int64_t k) const {
    return Score(SaturatingMul(halves_, k));
  }
  Score& operator+=(Score o) {
    halves_ = SaturatingAdd(halves_, o.halves_);
    return *this;
  }
  constexpr bool operator==(Score o) const { return halves_ == o.halves_; }
  constexpr bool operator!=(Score o) const { return halves_ != o.halves_; }
  constexpr bool operator<(Score o) const { return halves_ < o.halves_; }
  constexpr bool operator>(Score o) const { return halves_ > o.halves_; }
  constexpr bool operator<=(Score o) const { return halves_ <= o.halves_; }
  constexpr bool operator>=(Score o) const { return halves_ >= o.halves_; }

 private:
  constexpr explicit Score(int64_t halves) : halves_(halves) {}
  int64_t halves_ = 0;
};

constexpr Score Max(Score a, Score b) { return a < b ? b : a; }
constexpr Score Min(Score a, Score b) { return a < b ? a : b; }
constexpr Score Clamp(Score v, Score lo, Score hi) {
  return Max(lo, Min(v, hi));
}

// A non-negative fraction such as cards issued ÷ plan, compared exactly.
struct Ratio {
  int64_t num = 0;
  int64_t den = 1;  // > 0

  // -1, 0 or 1 as this is less than, equal to or greater than `o`.
  int Compare(const Ratio& o) const;
  bool operator==(const Ratio& o) const { return Compare(o) == 0; }
  bool operator<(const Ratio& o) const { return Compare(o) < 0; }
  bool operator>(const Ratio& o) const { return Compare(o) > 0; }
  bool operator>=(const Ratio& o) const { return Compare(o) >= 0; }

  // Percentage rounded half up to `decimals` places, for bulletins: "72.9".
  // Exact for any non-negative int64 num and positive den (128-bit).
  std::string PercentString(int decimals = 1) const;
};

// Whole percentage points by which num/den exceeds `percent` percent,
// truncated toward zero (negative when below): for 57.5% against 60 → -2.
// Saturates at the int64 limits.
int64_t WholePointsAbove(const Ratio& r, int64_t percent);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_EXACT_H_
