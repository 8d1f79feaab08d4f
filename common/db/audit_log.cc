#include "common/db/audit_log.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/db/multi_row_insert.h"
#include "common/db/sql_types.h"
#include "common/log/request_id.h"

namespace unioncard::db {

std::string AppendOnlyTrigger(const std::string& table,
                              const std::string& operation) {
  // Byte for byte the text of the first migrations: checksums depend on it.
  return absl::StrCat("\nCREATE TRIGGER ", table, "_no_",
                      absl::AsciiStrToLower(operation), " BEFORE ", operation,
                      " ON ", table,
                      " FOR EACH ROW\n  SIGNAL SQLSTATE '45000' ",
                      "SET MESSAGE_TEXT = '", table, " is append-only'");
}

Migration AuditLogMigration(int version) {
  return {version,
          "create audit_log (append-only)",
          {R"sql(
CREATE TABLE audit_log (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  actor       VARCHAR(128) NOT NULL,
  actor_role  VARCHAR(32)  NOT NULL,
  action      VARCHAR(64)  NOT NULL,
  target_type VARCHAR(32)  NOT NULL,
  target_id   VARCHAR(64)  NOT NULL,
  request_id  VARCHAR(64)  NOT NULL,
  detail      JSON         NOT NULL,
  KEY audit_target (target_type, target_id),
  KEY audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
           AppendOnlyTrigger("audit_log", "UPDATE"),
           AppendOnlyTrigger("audit_log", "DELETE")}};
}

absl::Status AppendAudit(sql::Connection& connection,
                         const std::vector<AuditEntry>& entries) {
  const std::string& request_id = log::CurrentRequestId();
  MultiRowInsert insert(
      "INSERT INTO audit_log (actor, actor_role, action, target_type, "
      "target_id, request_id, detail) VALUES ",
      7);
  return insert.Run(connection, entries.size(),
                    [&](sql::PreparedStatement& s, size_t i, int column) {
                      const AuditEntry& e = entries[i];
                      s.setString(column++, e.actor);
                      s.setString(column++, e.actor_role);
                      s.setString(column++, e.action);
                      s.setString(column++, e.target_type);
                      s.setString(column++, e.target_id);
                      s.setString(column++, request_id);
                      s.setString(column++, e.detail.dump());
                    });
}

absl::StatusOr<std::vector<AuditRecord>> ReadAudit(ConnectionPool& pool,
                                                   const AuditQuery& q) {
  std::vector<AuditRecord> out;
  absl::Status s = pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id, at, actor, actor_role, action, target_type, target_id, "
        "request_id, detail FROM audit_log "
        "WHERE (? = '' OR actor = ?) AND action LIKE ? "
        "AND (? = '' OR target_type = ?) AND (? = '' OR target_id = ?) "
        "AND (? = '' OR JSON_UNQUOTE(JSON_EXTRACT(detail, '$.scope')) LIKE ?) "
        "AND at >= ? AND at < ? AND (? = 0 OR id < ?) "
        "ORDER BY id DESC LIMIT ?"));
    int i = 1;
    select->setString(i++, q.actor);
    select->setString(i++, q.actor);
    select->setString(i++, EscapeLike(q.action_prefix) + "%");
    select->setString(i++, q.target_type);
    select->setString(i++, q.target_type);
    select->setString(i++, q.target_id);
    select->setString(i++, q.target_id);
    select->setString(i++, q.scope_prefix);
    select->setString(i++, EscapeLike(q.scope_prefix) + "%");
    // TIMESTAMP spans 1970–2038.
    select->setString(
        i++, FormatSqlTimestamp(std::max(q.from, absl::FromUnixSeconds(1))));
    select->setString(i++, FormatSqlTimestamp(std::min(
                               q.to, absl::FromUnixSeconds(2145916800))));
    select->setInt64(i++, q.before_id);
    select->setInt64(i++, q.before_id);
    select->setInt(i++, q.limit);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    while (row->next()) {
      AuditRecord r;
      r.id = row->getInt64(1);
      r.at = ParseSqlTimestamp(std::string(row->getString(2)));
      r.actor = row->getString(3);
      r.actor_role = row->getString(4);
      r.action = row->getString(5);
      r.target_type = row->getString(6);
      r.target_id = row->getString(7);
      r.request_id = row->getString(8);
      r.detail = nlohmann::json::parse(std::string(row->getString(9)), nullptr,
                                       /*allow_exceptions=*/false);
      out.push_back(std::move(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace unioncard::db
