#ifndef UNIONCARD_TESTS_LOAD_LOAD_DRIVER_H_
#define UNIONCARD_TESTS_LOAD_LOAD_DRIVER_H_

#include <grpcpp/support/status.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace unioncard::testing {

// Drives load for the fault tests (tests/load/): `workers` threads each run
// operations 0, 1, 2, … of their own, and retry each one — same arguments,
// so the same request id — until it succeeds, as a careful client does.
// Every attempt is recorded (when, code, how long), so a test can say what
// callers saw while a fault lasted and how soon the service recovered.
class LoadDriver {
 public:
  // Operation `n` of `worker`: the gRPC code the service answered, or
  // kIdle when there was nothing to do (not recorded, tried again).
  using Op = std::function<grpc::StatusCode(int worker, int64_t n)>;
  static constexpr grpc::StatusCode kIdle = static_cast<grpc::StatusCode>(-1);

  struct Attempt {
    absl::Time at;
    absl::Duration took;
    grpc::StatusCode code;
    int worker;
  };

  // Stops the workers if a test ended early (a failed assertion).
  ~LoadDriver() { Stop(absl::Seconds(5)); }

  // Starts the workers; they run until Stop().
  void Start(int workers, Op op);
  // Lets each worker finish (retry to success) the operation in hand, for
  // at most `finish_within`, then joins them.
  void Stop(absl::Duration finish_within = absl::Seconds(60));

  // Operations that succeeded, per worker: 0 … done(w) - 1 each succeeded
  // exactly once as far as the caller knows.
  int64_t done(int worker) const { return done_[worker].load(); }
  int64_t total_done() const;
  std::vector<Attempt> attempts() const;
  // Attempts per code, "OK" → 1234.
  std::map<std::string, int64_t> CodeCounts() const;
  // Codes seen in [from, to) other than OK and those in `expected`.
  std::map<std::string, int64_t> UnexpectedCodes(
      absl::Time from, absl::Time to,
      const std::vector<grpc::StatusCode>& expected) const;
  // The first successful attempt that started at or after `t`.
  absl::Time FirstSuccessAfter(absl::Time t) const;
  // A percentile (0.5, 0.99) of the latency of successful attempts, of all
  // workers or of those `of_worker` says.
  absl::Duration Percentile(
      double p, const std::function<bool(int)>& of_worker = nullptr) const;

 private:
  void Work(int worker, Op op);

  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> stop_deadline_unix_ns_{INT64_MAX};
  std::unique_ptr<std::atomic<int64_t>[]> done_;
  int workers_ = 0;
  std::vector<std::thread> threads_;
  mutable std::mutex mu_;
  std::vector<Attempt> attempts_;
};

}  // namespace unioncard::testing

#endif  // UNIONCARD_TESTS_LOAD_LOAD_DRIVER_H_
