#ifndef UNIONCARD_COMMON_DB_FEED_CURSOR_H_
#define UNIONCARD_COMMON_DB_FEED_CURSOR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"

namespace unioncard::db {

// Where a consumer is in another service's change feed, kept in the
// consumer's own schema so it resumes after a restart.
Migration FeedCursorMigration(int version);

class FeedCursor {
 public:
  FeedCursor(ConnectionPool* pool, std::string feed)
      : pool_(pool), feed_(std::move(feed)) {}

  // The last sequence handled; 0 before the first.
  absl::StatusOr<int64_t> Load();
  // Never moves backwards, so a late save cannot undo progress.
  absl::Status Save(int64_t sequence);

 private:
  ConnectionPool* pool_;
  std::string feed_;
};

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_FEED_CURSOR_H_
