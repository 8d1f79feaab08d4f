#ifndef UNIONCARD_TESTS_FUZZ_REQUIRE_H_
#define UNIONCARD_TESTS_FUZZ_REQUIRE_H_

#include <cstdlib>

namespace unioncard::fuzz {

// A property every input must keep; a broken one is a crash libFuzzer
// reports with the input that broke it.
inline void Require(bool holds) {
  if (!holds) std::abort();
}

}  // namespace unioncard::fuzz

#endif  // UNIONCARD_TESTS_FUZZ_REQUIRE_H_
