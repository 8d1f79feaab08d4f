#include "gateway/src/store/audit_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/db/sql_types.h"

namespace unioncard::gateway {

absl::Status AuditStore::Append(const db::AuditEntry& entry) {
  return pool_->Run(
      [&](sql::Connection& c) { return db::AppendAudit(c, {entry}); });
}

absl::StatusOr<std::vector<AuditRow>> AuditStore::List(const AuditFilter& f) {
  std::vector<AuditRow> out;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    // Every condition is present and switched off by its own parameter, so
    // the statement text never depends on the input.
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id, at, actor, actor_role, action, target_type, target_id, "
        "request_id, detail FROM audit_log "
        "WHERE (? = '' OR actor = ?) AND action LIKE ? "
        "AND JSON_UNQUOTE(JSON_EXTRACT(detail, '$.scope')) LIKE ? "
        "AND at >= ? AND at < ? AND (? = 0 OR id < ?) "
        "ORDER BY id DESC LIMIT ?"));
    select->setString(1, f.actor);
    select->setString(2, f.actor);
    select->setString(3, db::EscapeLike(f.action_prefix) + "%");
    select->setString(4, db::EscapeLike(f.scope_prefix) + "%");
    select->setString(
        5, db::FormatSqlTimestamp(f.from == absl::InfinitePast()
                                      ? absl::UnixEpoch() + absl::Seconds(1)
                                      : f.from));
    select->setString(
        6, db::FormatSqlTimestamp(f.to == absl::InfiniteFuture()
                                      ? absl::FromUnixSeconds(2145916800)
                                      : f.to));
    select->setInt64(7, f.before_id);
    select->setInt64(8, f.before_id);
    select->setInt(9, f.limit);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    while (row->next()) {
      AuditRow r;
      r.id = row->getInt64(1);
      r.at = db::ParseSqlTimestamp(std::string(row->getString(2)));
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

}  // namespace unioncard::gateway
