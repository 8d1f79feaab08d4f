#ifndef UNIONCARD_COMMON_GRPC_EVENT_FEED_H_
#define UNIONCARD_COMMON_GRPC_EVENT_FEED_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <condition_variable>
#include <functional>
#include <mutex>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/event_outbox.h"
#include "common/status/field_violations.h"

namespace unioncard::rpc {

// Serves WatchEvents(after_sequence) streams from an EventOutbox: first the
// backlog, in order, then new events as they commit (woken at once by
// writes in this process, by polling for writes of other replicas), until
// the client goes away or the server stops.
class EventFeed {
 public:
  EventFeed(db::ConnectionPool* pool, const db::EventOutbox* outbox,
            absl::Duration poll_interval = absl::Milliseconds(200))
      : pool_(pool), outbox_(outbox), poll_interval_(poll_interval) {}

  // Call after committing events.
  void NotifyAppended();
  // Ends every stream (server shutdown), so draining does not wait for
  // watchers that never finish on their own.
  void Stop();

  // `write` sends one event; false means the client is gone.
  absl::Status Serve(grpc::ServerContext& context, int64_t after_sequence,
                     const std::function<bool(const db::OutboxEvent&)>& write);

  // Serve for a WatchEvents handler whose events are the stored payloads
  // (a proto message with an int64 `sequence`): checks after_sequence,
  // parses each payload and stamps its sequence.
  template <typename Event>
  absl::Status ServeMessages(grpc::ServerContext& context,
                             int64_t after_sequence,
                             grpc::ServerWriterInterface<Event>* writer) {
    if (after_sequence < 0) {
      return status::InvalidField("after_sequence", "must not be negative");
    }
    return Serve(context, after_sequence, [&](const db::OutboxEvent& stored) {
      Event event;
      if (!event.ParseFromString(stored.payload)) return false;
      event.set_sequence(stored.sequence);
      return writer->Write(event);
    });
  }

 private:
  db::ConnectionPool* pool_;
  const db::EventOutbox* outbox_;
  absl::Duration poll_interval_;
  std::mutex mu_;
  std::condition_variable appended_;
  uint64_t generation_ = 0;
  bool stopped_ = false;
};

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_EVENT_FEED_H_
