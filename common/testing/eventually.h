#ifndef UNIONCARD_COMMON_TESTING_EVENTUALLY_H_
#define UNIONCARD_COMMON_TESTING_EVENTUALLY_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace unioncard::testing {

// Polls `done` every `poll` for up to `timeout`: for what another thread,
// process or service makes true in its own time (a feed, the bank). Crash
// tests poll faster, to kill a process mid-way through quick work.
inline bool Eventually(const std::function<bool()>& done,
                       absl::Duration timeout = absl::Seconds(30),
                       absl::Duration poll = absl::Milliseconds(100)) {
  const absl::Time end = absl::Now() + timeout;
  while (absl::Now() < end) {
    if (done()) return true;
    absl::SleepFor(poll);
  }
  return done();
}

}  // namespace unioncard::testing

#endif  // UNIONCARD_COMMON_TESTING_EVENTUALLY_H_
