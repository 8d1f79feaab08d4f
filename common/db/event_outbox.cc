#include "common/db/event_outbox.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/db/multi_row_insert.h"

namespace unioncard::db {

Migration EventOutbox::CreateTablesMigration(int version) const {
  return {version,
          absl::StrCat("create ", table_),
          {absl::StrCat(R"sql(
CREATE TABLE )sql",
                        table_, R"sql( (
  sequence     BIGINT       NOT NULL PRIMARY KEY,
  type         INT          NOT NULL,
  aggregate_id BIGINT       NOT NULL,
  payload      BLOB         NOT NULL,
  created_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB)sql"),
           absl::StrCat("CREATE TABLE ", table_, "_sequence (",
                        "id TINYINT NOT NULL PRIMARY KEY, ",
                        "last BIGINT NOT NULL) ENGINE=InnoDB"),
           absl::StrCat("INSERT INTO ", table_, "_sequence VALUES (1, 0)")}};
}

absl::Status EventOutbox::Lock(sql::Connection& connection) const {
  std::unique_ptr<sql::PreparedStatement> lock(
      connection.prepareStatement(absl::StrCat(
          "SELECT last FROM ", table_, "_sequence WHERE id = 1 FOR UPDATE")));
  std::unique_ptr<sql::ResultSet> row(lock->executeQuery());
  return absl::OkStatus();
}

absl::Status EventOutbox::Append(sql::Connection& connection,
                                 std::vector<OutboxEvent>& events) const {
  if (events.empty()) return absl::OkStatus();
  std::unique_ptr<sql::PreparedStatement> lock(
      connection.prepareStatement(absl::StrCat(
          "SELECT last FROM ", table_, "_sequence WHERE id = 1 FOR UPDATE")));
  std::unique_ptr<sql::ResultSet> row(lock->executeQuery());
  if (!row->next()) {
    return absl::InternalError(absl::StrCat(table_, "_sequence is empty"));
  }
  const int64_t last = row->getInt64(1);
  std::unique_ptr<sql::PreparedStatement> bump(connection.prepareStatement(
      absl::StrCat("UPDATE ", table_, "_sequence SET last = ? WHERE id = 1")));
  bump->setInt64(1, last + static_cast<int64_t>(events.size()));
  bump->executeUpdate();

  for (size_t i = 0; i < events.size(); ++i) events[i].sequence = last + 1 + i;
  MultiRowInsert insert(
      absl::StrCat("INSERT INTO ", table_,
                   " (sequence, type, aggregate_id, payload) VALUES "),
      4);
  return insert.Run(connection, events.size(),
                    [&](sql::PreparedStatement& s, size_t i, int c) {
                      s.setInt64(c, events[i].sequence);
                      s.setInt(c + 1, events[i].type);
                      s.setInt64(c + 2, events[i].aggregate_id);
                      s.setString(c + 3, events[i].payload);
                    });
}

absl::StatusOr<std::vector<OutboxEvent>> EventOutbox::ReadAfter(
    ConnectionPool& pool, int64_t after, int limit) const {
  std::vector<OutboxEvent> events;
  absl::Status status = pool.Run([&](sql::Connection& connection) {
    std::unique_ptr<sql::PreparedStatement> select(connection.prepareStatement(
        absl::StrCat("SELECT sequence, type, aggregate_id, payload FROM ",
                     table_, " WHERE sequence > ? ORDER BY sequence LIMIT ?")));
    select->setInt64(1, after);
    select->setInt(2, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      events.push_back({rows->getInt64(1), rows->getInt(2), rows->getInt64(3),
                        std::string(rows->getString(4))});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return events;
}

}  // namespace unioncard::db
