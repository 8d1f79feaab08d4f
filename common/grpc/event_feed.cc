#include "common/grpc/event_feed.h"

namespace unioncard::rpc {
namespace {
constexpr int kBatch = 500;
}  // namespace

void EventFeed::NotifyAppended() {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  appended_.notify_all();
}

void EventFeed::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  appended_.notify_all();
}

absl::Status EventFeed::Serve(
    grpc::ServerContext& context, int64_t after_sequence,
    const std::function<bool(const db::OutboxEvent&)>& write) {
  int64_t cursor = after_sequence;
  while (!context.IsCancelled()) {
    uint64_t seen_generation;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_)
        return absl::UnavailableError(
            "server is shutting down; resume from your cursor");
      seen_generation = generation_;
    }
    absl::StatusOr<std::vector<db::OutboxEvent>> events =
        outbox_->ReadAfter(*pool_, cursor, kBatch);
    if (!events.ok()) return events.status();
    for (const db::OutboxEvent& event : *events) {
      if (!write(event)) return absl::CancelledError("client went away");
      cursor = event.sequence;
    }
    if (static_cast<int>(events->size()) == kBatch) continue;  // more backlog
    std::unique_lock<std::mutex> lock(mu_);
    appended_.wait_for(lock, absl::ToChronoMilliseconds(poll_interval_), [&] {
      return stopped_ || generation_ != seen_generation;
    });
  }
  return absl::CancelledError("client cancelled");
}

}  // namespace unioncard::rpc
