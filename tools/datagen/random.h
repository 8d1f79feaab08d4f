#ifndef UNIONCARD_TOOLS_DATAGEN_RANDOM_H_
#define UNIONCARD_TOOLS_DATAGEN_RANDOM_H_

#include <cmath>
#include <cstdint>

namespace unioncard::datagen {

// SplitMix64: tiny, fast, and the same sequence on every platform and
// standard library (std::uniform_int_distribution is not), so a seed always
// gives the same data set.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0. The modulo bias is below 2^-40 for the ranges
  // used here.
  uint64_t Below(uint64_t n) { return Next() % n; }
  int64_t Between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  double Unit() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Unit() < p; }
  // Standard normal (Box–Muller).
  double Normal() {
    const double u1 = 1.0 - Unit();
    const double u2 = Unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t state_;
};

// A stable 64-bit hash (FNV-1a) to derive per-county seeds.
inline uint64_t StableHash(const char* data, size_t size, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (size_t i = 0; i < size; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace unioncard::datagen

#endif  // UNIONCARD_TOOLS_DATAGEN_RANDOM_H_
