#ifndef UNIONCARD_COMMON_GRPC_CALL_ADMISSION_H_
#define UNIONCARD_COMMON_GRPC_CALL_ADMISSION_H_

#include <atomic>
#include <string>

#include "absl/status/status.h"

namespace unioncard::rpc {

// Bounds the calls one server works on at once: past the limit a call is
// answered RESOURCE_EXHAUSTED at once instead of queueing for a database
// connection without end, so an overloaded service sheds load and its
// callers back off. Health checks and reflection are never counted or
// refused (the call observer skips them), so probes answer while it is full.
class CallAdmission {
 public:
  // `limit` <= 0: no limit.
  CallAdmission(std::string service_name, int limit)
      : service_name_(std::move(service_name)), limit_(limit) {}

  // False, and nothing counted, when `limit` calls are in progress.
  bool TryEnter();
  void Leave();

  int in_progress() const { return in_progress_.load(); }
  // RESOURCE_EXHAUSTED saying who is busy and what to do.
  absl::Status Busy() const;

 private:
  const std::string service_name_;
  const int limit_;
  std::atomic<int> in_progress_{0};
};

// OK, or Busy() of the server that turned away the call this thread
// serves. Set by the call observer before the handler runs;
// ServeAuthenticated answers with it before doing any work.
absl::Status CurrentCallAdmission();

namespace internal {
// The call observer's side of CurrentCallAdmission().
void SetCurrentCallRefusedBy(const CallAdmission* admission);
}  // namespace internal

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_CALL_ADMISSION_H_
