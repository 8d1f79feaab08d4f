#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_LOGIN_THROTTLE_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_LOGIN_THROTTLE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace unioncard::gateway {

// RESOURCE_EXHAUSTED with the wait attached (the HTTP side turns it into
// Retry-After and "retry_after_seconds"), and the wait read back.
absl::Status RetryLater(const std::string& message, int64_t seconds);
int RetryAfterSeconds(const absl::Status& status);

// Growing delays after failed logins (docs/architecture.md §7.4). The same
// rule serves an account (kept in the database, with a lockout) and a
// client address (kept in memory per gateway replica, no lockout).
struct ThrottlePolicy {
  int free_failures = 3;  // failures before any delay
  absl::Duration first_delay = absl::Seconds(1);
  absl::Duration max_delay = absl::Minutes(5);
  // An account is locked after this many failures in a row until an
  // administrator unlocks it; 0 never locks (client addresses).
  int lockout_after = 10;
  // Failures older than this are forgotten (addresses only).
  absl::Duration forget_after = absl::Minutes(15);
};

struct FailureRecord {
  int failures = 0;  // in a row, since the last success or unlock
  absl::Time last_failure = absl::InfinitePast();
};

// The delay owed after `failures` failures: 0 up to free_failures, then
// first_delay doubling per failure, capped at max_delay.
absl::Duration DelayAfter(const ThrottlePolicy& policy, int failures);

// When the next attempt may be made (InfinitePast: now), or InfiniteFuture
// while locked out.
absl::Time NextAttemptAllowed(const ThrottlePolicy& policy,
                              const FailureRecord& record);

bool IsLockedOut(const ThrottlePolicy& policy, const FailureRecord& record);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_LOGIN_THROTTLE_H_
