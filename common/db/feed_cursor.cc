#include "common/db/feed_cursor.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace unioncard::db {

Migration FeedCursorMigration(int version) {
  return {version, "create feed_cursors", {R"sql(
CREATE TABLE feed_cursors (
  feed       VARCHAR(64)  NOT NULL PRIMARY KEY,
  position   BIGINT       NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}};
}

absl::StatusOr<int64_t> FeedCursor::Load() {
  int64_t position = 0;
  absl::Status status = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT position FROM feed_cursors WHERE feed = ?"));
    select->setString(1, feed_);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) position = row->getInt64(1);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return position;
}

absl::Status FeedCursor::Save(int64_t sequence) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> upsert(c.prepareStatement(
        "INSERT INTO feed_cursors (feed, position) VALUES (?, ?) "
        "ON DUPLICATE KEY UPDATE position = GREATEST(position, "
        "VALUES(position)), "
        "updated_at = CURRENT_TIMESTAMP(6)"));
    upsert->setString(1, feed_);
    upsert->setInt64(2, sequence);
    upsert->executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace unioncard::db
