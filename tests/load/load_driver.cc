#include "tests/load/load_driver.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/grpc/server_metrics.h"

namespace unioncard::testing {

void LoadDriver::Start(int workers, Op op) {
  workers_ = workers;
  done_ = std::make_unique<std::atomic<int64_t>[]>(workers);
  for (int w = 0; w < workers; ++w) done_[w] = 0;
  for (int w = 0; w < workers; ++w) {
    threads_.emplace_back([this, w, op] { Work(w, op); });
  }
}

void LoadDriver::Stop(absl::Duration finish_within) {
  stop_deadline_unix_ns_ = absl::ToUnixNanos(absl::Now() + finish_within);
  stopping_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void LoadDriver::Work(int worker, Op op) {
  while (!stopping_) {
    const int64_t n = done_[worker].load();
    // The operation in hand is retried until it succeeds: what was asked
    // is either done once or, if the deadline passes, not counted.
    for (;;) {
      const absl::Time start = absl::Now();
      const grpc::StatusCode code = op(worker, n);
      if (code == kIdle) {
        absl::SleepFor(absl::Milliseconds(20));
        break;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        attempts_.push_back({start, absl::Now() - start, code, worker});
      }
      if (code == grpc::StatusCode::OK) {
        ++done_[worker];
        break;
      }
      if (stopping_ &&
          absl::ToUnixNanos(absl::Now()) > stop_deadline_unix_ns_.load()) {
        return;
      }
      absl::SleepFor(absl::Milliseconds(50));  // a client's backoff
    }
  }
}

int64_t LoadDriver::total_done() const {
  int64_t total = 0;
  for (int w = 0; w < workers_; ++w) total += done_[w].load();
  return total;
}

std::vector<LoadDriver::Attempt> LoadDriver::attempts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempts_;
}

std::map<std::string, int64_t> LoadDriver::CodeCounts() const {
  std::map<std::string, int64_t> counts;
  for (const Attempt& a : attempts())
    ++counts[rpc::GrpcCodeName(static_cast<int>(a.code))];
  return counts;
}

std::map<std::string, int64_t> LoadDriver::UnexpectedCodes(
    absl::Time from, absl::Time to,
    const std::vector<grpc::StatusCode>& expected) const {
  std::map<std::string, int64_t> unexpected;
  for (const Attempt& a : attempts()) {
    if (a.at < from || a.at >= to || a.code == grpc::StatusCode::OK) continue;
    if (std::find(expected.begin(), expected.end(), a.code) == expected.end()) {
      ++unexpected[rpc::GrpcCodeName(static_cast<int>(a.code))];
    }
  }
  return unexpected;
}

absl::Time LoadDriver::FirstSuccessAfter(absl::Time t) const {
  absl::Time first = absl::InfiniteFuture();
  for (const Attempt& a : attempts()) {
    if (a.code == grpc::StatusCode::OK && a.at >= t)
      first = std::min(first, a.at);
  }
  return first;
}

absl::Duration LoadDriver::Percentile(
    double p, const std::function<bool(int)>& of_worker) const {
  std::vector<absl::Duration> ok;
  for (const Attempt& a : attempts()) {
    if (a.code != grpc::StatusCode::OK) continue;
    if (of_worker && !of_worker(a.worker)) continue;
    ok.push_back(a.took);
  }
  if (ok.empty()) return absl::ZeroDuration();
  std::sort(ok.begin(), ok.end());
  return ok[std::min(ok.size() - 1, static_cast<size_t>(p * ok.size()))];
}

}  // namespace unioncard::testing
