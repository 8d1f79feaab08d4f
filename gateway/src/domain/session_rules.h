#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_SESSION_RULES_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_SESSION_RULES_H_

#include "absl/time/time.h"

namespace unioncard::gateway {

// A staff session ends after `idle` without a request or `absolute` after
// login, whichever comes first (docs/architecture.md §7.3).
struct SessionPolicy {
  absl::Duration idle = absl::Minutes(30);
  absl::Duration absolute = absl::Hours(12);
  // last_seen is written at most this often, so a busy page does not turn
  // every read into a database write.
  absl::Duration touch_every = absl::Minutes(1);
};

inline bool SessionIsLive(const SessionPolicy& policy, absl::Time created_at,
                          absl::Time last_seen, absl::Time now) {
  return now < created_at + policy.absolute && now < last_seen + policy.idle;
}

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_SESSION_RULES_H_
