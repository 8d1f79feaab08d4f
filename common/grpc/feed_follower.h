#ifndef UNIONCARD_COMMON_GRPC_FEED_FOLLOWER_H_
#define UNIONCARD_COMMON_GRPC_FEED_FOLLOWER_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/sync_stream.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/feed_cursor.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"

namespace unioncard::rpc {

// Follows another service's WatchEvents feed from a stored cursor, on a
// thread of its own, for as long as it runs: reconnects when the stream
// breaks, retries an event whose handling failed for a passing reason, and
// saves the cursor after each handled event. Delivery is at least once, so
// `handle` must be idempotent (the event's sequence makes a good request
// id). The cursor is saved every 100 events or second of events, and when
// the stream ends or the follower stops — not after each event: a busy
// feed does not cost a commit per event, and a crash only means a few
// events are handled again (harmless: they are idempotent). Errors that
// retrying cannot fix (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS,
// FAILED_PRECONDITION: "nothing to do here") are logged and the event is
// passed.
template <typename Event>
class FeedFollower {
 public:
  using Open =
      std::function<std::unique_ptr<grpc::ClientReaderInterface<Event>>(
          grpc::ClientContext& context, int64_t after_sequence)>;
  using NewContext = std::function<std::unique_ptr<grpc::ClientContext>()>;
  using Handle = std::function<absl::Status(const Event& event)>;

  FeedFollower(std::string name, db::FeedCursor cursor, NewContext new_context,
               Open open, Handle handle,
               absl::Duration max_backoff = absl::Seconds(30))
      : name_(std::move(name)),
        cursor_(std::move(cursor)),
        new_context_(std::move(new_context)),
        open_(std::move(open)),
        handle_(std::move(handle)),
        max_backoff_(max_backoff) {}
  ~FeedFollower() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      if (context_ != nullptr) context_->TryCancel();
      wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

  // The last sequence handled.
  int64_t position() const { return position_.load(); }

 private:
  static bool Retryable(absl::StatusCode code) {
    return code != absl::StatusCode::kInvalidArgument &&
           code != absl::StatusCode::kNotFound &&
           code != absl::StatusCode::kAlreadyExists &&
           code != absl::StatusCode::kFailedPrecondition;
  }

  // Sleeps unless stopping; false when stopping.
  bool Pause(absl::Duration d) {
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, absl::ToChronoMilliseconds(d),
                   [this] { return stopping_; });
    return !stopping_;
  }

  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
  }

  void SaveCursor() {
    const int64_t at = position_.load();
    if (at <= saved_) return;
    if (absl::Status saved = cursor_.Save(at); !saved.ok()) {
      log::Warn("feed cursor not saved",
                {{"feed", name_}, {"error", saved.ToString()}});
      return;
    }
    saved_ = at;
  }

  void Run() {
    absl::Duration backoff = absl::Milliseconds(100);
    while (!Stopping()) {
      absl::StatusOr<int64_t> after = cursor_.Load();
      if (!after.ok()) {
        log::Warn("feed cursor unavailable",
                  {{"feed", name_}, {"error", after.status().ToString()}});
        if (!Pause(backoff)) return;
        backoff = std::min(backoff * 2, max_backoff_);
        continue;
      }
      position_ = *after;
      saved_ = *after;
      int unsaved = 0;
      absl::Time last_save = absl::Now();
      std::unique_ptr<grpc::ClientContext> context = new_context_();
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return;
        context_ = context.get();
      }
      const absl::Time opened = absl::Now();
      std::unique_ptr<grpc::ClientReaderInterface<Event>> reader =
          open_(*context, *after);
      Event event;
      while (reader->Read(&event)) {
        backoff = absl::Milliseconds(100);
        for (;;) {
          absl::Status handled = handle_(event);
          if (handled.ok()) break;
          if (!Retryable(handled.code())) {
            log::Warn("feed event passed", {{"feed", name_},
                                            {"sequence", event.sequence()},
                                            {"error", handled.ToString()}});
            break;
          }
          log::Warn("feed event retried", {{"feed", name_},
                                           {"sequence", event.sequence()},
                                           {"error", handled.ToString()}});
          if (!Pause(backoff)) break;
          backoff = std::min(backoff * 2, max_backoff_);
        }
        if (Stopping()) break;
        position_ = event.sequence();
        if (++unsaved >= kSaveEvery || absl::Now() - last_save >= kSaveAfter) {
          SaveCursor();
          unsaved = 0;
          last_save = absl::Now();
        }
      }
      SaveCursor();
      const grpc::Status finished = reader->Finish();
      {
        std::lock_guard<std::mutex> lock(mu_);
        context_ = nullptr;
      }
      if (Stopping()) return;
      log::Info("feed stream ended; reconnecting",
                {{"feed", name_}, {"code", finished.error_code()}});
      // A stream that lived a while ended on purpose (the server's
      // connection age, a deploy), not from a fault: reconnect at once
      // rather than after a back-off a quiet feed never reset.
      if (absl::Now() - opened > absl::Minutes(1)) {
        backoff = absl::Milliseconds(100);
      }
      if (!Pause(backoff)) return;
      backoff = std::min(backoff * 2, max_backoff_);
    }
  }

  std::string name_;
  db::FeedCursor cursor_;
  NewContext new_context_;
  Open open_;
  Handle handle_;
  absl::Duration max_backoff_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  grpc::ClientContext* context_ = nullptr;
  std::atomic<int64_t> position_{0};
  int64_t saved_ = 0;  // the cursor as stored (thread_ only)
  static constexpr int kSaveEvery = 100;
  static constexpr absl::Duration kSaveAfter = absl::Seconds(1);
  std::thread thread_;
};

// The usual follower: another service's `WatchEvents(Request)` feed read
// with `token` (this service's service token), the cursor stored under
// `name` in this service's feed_cursors table.
template <typename Event, typename Request, typename Stub>
std::unique_ptr<FeedFollower<Event>> FollowWatchEvents(
    const std::string& name, db::ConnectionPool* pool,
    std::shared_ptr<Stub> stub, const std::string& token,
    typename FeedFollower<Event>::Handle handle) {
  return std::make_unique<FeedFollower<Event>>(
      name, db::FeedCursor(pool, name),
      [token] {
        auto context = std::make_unique<grpc::ClientContext>();
        SetBearerToken(*context, token);
        return context;
      },
      [stub](grpc::ClientContext& context, int64_t after) {
        Request request;
        request.set_after_sequence(after);
        return stub->WatchEvents(&context, request);
      },
      std::move(handle));
}

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_FEED_FOLLOWER_H_
