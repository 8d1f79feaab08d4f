#ifndef UNIONCARD_COMMON_GRPC_PERIODIC_WORKER_H_
#define UNIONCARD_COMMON_GRPC_PERIODIC_WORKER_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"

namespace unioncard::rpc {

// A background job of a service — sending queued work to another system —
// run on a thread of its own: at start, whenever woken (new work was
// queued) and every `poll` (work left by a restart, by another replica, or
// by a failed attempt). The job gets a "stop requested" check so a long
// round can end early on shutdown.
class PeriodicWorker {
 public:
  using Job = std::function<void(const std::function<bool()>& stopping)>;

  PeriodicWorker(std::string name, absl::Duration poll, Job job)
      : name_(std::move(name)), poll_(poll), job_(std::move(job)) {}
  ~PeriodicWorker() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  void Wake() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      woken_ = true;
    }
    wake_.notify_all();
  }
  const std::string& name() const { return name_; }

 private:
  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
  }
  void Run() {
    for (;;) {
      job_([this] { return Stopping(); });
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, absl::ToChronoMilliseconds(poll_),
                     [this] { return stopping_ || woken_; });
      if (stopping_) return;
      woken_ = false;
    }
  }

  std::string name_;
  absl::Duration poll_;
  Job job_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_PERIODIC_WORKER_H_
