#include "common/grpc/call_admission.h"

#include "absl/strings/str_cat.h"

namespace unioncard::rpc {
namespace {

// The handler runs on the thread that received the call's metadata (as
// the request id and CurrentMethod rely on).
thread_local const CallAdmission* refused_by = nullptr;

}  // namespace

bool CallAdmission::TryEnter() {
  if (limit_ <= 0) {
    in_progress_.fetch_add(1);
    return true;
  }
  int now = in_progress_.load();
  do {
    if (now >= limit_) return false;
  } while (!in_progress_.compare_exchange_weak(now, now + 1));
  return true;
}

void CallAdmission::Leave() { in_progress_.fetch_sub(1); }

absl::Status CallAdmission::Busy() const {
  return absl::ResourceExhaustedError(absl::StrCat(
      service_name_, " is busy (", limit_,
      " calls in progress, its limit); retry after a short backoff"));
}

absl::Status CurrentCallAdmission() {
  return refused_by == nullptr ? absl::OkStatus() : refused_by->Busy();
}

namespace internal {
void SetCurrentCallRefusedBy(const CallAdmission* admission) {
  refused_by = admission;
}
}  // namespace internal

}  // namespace unioncard::rpc
