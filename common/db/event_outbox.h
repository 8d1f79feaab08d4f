#ifndef UNIONCARD_COMMON_DB_EVENT_OUTBOX_H_
#define UNIONCARD_COMMON_DB_EVENT_OUTBOX_H_

#include <cppconn/connection.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"

namespace unioncard::db {

// A service's change feed (transactional outbox, docs/architecture.md §6):
// each change writes its event in the same transaction. Sequences are
// handed out under a row lock held to commit, so they become visible in
// order and without gaps — a consumer that has seen N never later finds an
// N-1 it missed.
struct OutboxEvent {
  int64_t sequence = 0;  // set by Append / ReadAfter
  int type = 0;
  int64_t aggregate_id = 0;  // e.g. the member id
  std::string payload;       // the serialized event message
};

class EventOutbox {
 public:
  // `table` is a fixed identifier chosen by the service ("member_events").
  explicit EventOutbox(std::string table) : table_(std::move(table)) {}

  Migration CreateTablesMigration(int version) const;

  // Takes the feed's sequence lock now, in the caller's transaction.
  // Append takes it anyway and holds it to the commit, so writers of one
  // feed are serialised there; a writer that also locks other rows takes
  // it first, so two writers queue here instead of deadlocking on the
  // rows and gaps they lock before appending.
  absl::Status Lock(sql::Connection& connection) const;

  // Appends `events` in the caller's transaction, assigning consecutive
  // sequences (written back into `events`).
  absl::Status Append(sql::Connection& connection,
                      std::vector<OutboxEvent>& events) const;

  // Up to `limit` events with sequence > `after`, in order.
  absl::StatusOr<std::vector<OutboxEvent>> ReadAfter(ConnectionPool& pool,
                                                     int64_t after,
                                                     int limit) const;

 private:
  std::string table_;
};

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_EVENT_OUTBOX_H_
