#include "common/db/audit_log.h"

#include <cppconn/prepared_statement.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/db/multi_row_insert.h"
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

}  // namespace unioncard::db
