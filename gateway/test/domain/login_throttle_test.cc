#include "gateway/src/domain/login_throttle.h"

#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

TEST(LoginThrottle, DelaysGrowAfterTheFreeFailuresAndAreCapped) {
  ThrottlePolicy p;
  EXPECT_EQ(DelayAfter(p, 0), absl::ZeroDuration());
  EXPECT_EQ(DelayAfter(p, 3), absl::ZeroDuration());
  EXPECT_EQ(DelayAfter(p, 4), absl::Seconds(1));
  EXPECT_EQ(DelayAfter(p, 5), absl::Seconds(2));
  EXPECT_EQ(DelayAfter(p, 6), absl::Seconds(4));
  EXPECT_EQ(DelayAfter(p, 40), p.max_delay);
}

TEST(LoginThrottle, LocksOutAfterTheLimit) {
  ThrottlePolicy p;
  const absl::Time t = absl::FromUnixSeconds(1000);
  EXPECT_EQ(NextAttemptAllowed(p, {0, t}), absl::InfinitePast());
  EXPECT_EQ(NextAttemptAllowed(p, {4, t}), t + absl::Seconds(1));
  EXPECT_FALSE(IsLockedOut(p, {9, t}));
  EXPECT_TRUE(IsLockedOut(p, {10, t}));
  EXPECT_EQ(NextAttemptAllowed(p, {10, t}), absl::InfiniteFuture());
  p.lockout_after = 0;  // addresses are never locked, only slowed
  EXPECT_FALSE(IsLockedOut(p, {50, t}));
}

}  // namespace
}  // namespace unioncard::gateway
