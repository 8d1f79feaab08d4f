#include "gateway/src/domain/login_throttle.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace unioncard::gateway {
namespace {
constexpr char kRetryAfterPayload[] = "unioncard/retry-after";
}  // namespace

absl::Status RetryLater(const std::string& message, int64_t seconds) {
  absl::Status s = absl::ResourceExhaustedError(message);
  s.SetPayload(kRetryAfterPayload, absl::Cord(absl::StrCat(seconds)));
  return s;
}

int RetryAfterSeconds(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayload);
  int seconds = 0;
  if (payload && absl::SimpleAtoi(std::string(*payload), &seconds)) {
    return seconds;
  }
  return 0;
}

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
