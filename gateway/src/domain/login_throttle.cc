#include "gateway/src/domain/login_throttle.h"

#include <algorithm>

namespace unioncard::gateway {

absl::Duration DelayAfter(const ThrottlePolicy& policy, int failures) {
  if (failures <= policy.free_failures) return absl::ZeroDuration();
  absl::Duration delay = policy.first_delay;
  for (int i = policy.free_failures + 1; i < failures; ++i) {
    delay *= 2;
    if (delay >= policy.max_delay) return policy.max_delay;
  }
  return std::min(delay, policy.max_delay);
}

bool IsLockedOut(const ThrottlePolicy& policy, const FailureRecord& record) {
  return policy.lockout_after > 0 && record.failures >= policy.lockout_after;
}

absl::Time NextAttemptAllowed(const ThrottlePolicy& policy,
                              const FailureRecord& record) {
  if (IsLockedOut(policy, record)) return absl::InfiniteFuture();
  if (record.failures == 0) return absl::InfinitePast();
  return record.last_failure + DelayAfter(policy, record.failures);
}

}  // namespace unioncard::gateway
