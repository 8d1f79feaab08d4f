#ifndef UNIONCARD_COMMON_DB_AUDIT_LOG_H_
#define UNIONCARD_COMMON_DB_AUDIT_LOG_H_

#include <cppconn/connection.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "nlohmann/json.hpp"

namespace unioncard::db {

// One audited act: who did what to which record, with the request id of the
// call (taken from the thread) so the log line and the audit row meet.
// Never put unmasked personal data in `detail`.
struct AuditEntry {
  std::string actor;       // token subject
  std::string actor_role;  // token role
  std::string action;      // "member.register", "member.reveal", …
  std::string target_type;
  std::string target_id;
  nlohmann::json detail = nlohmann::json::object();
};

// The audit table, append-only: triggers refuse UPDATE and DELETE, so even
// the service's own account cannot rewrite history.
Migration AuditLogMigration(int version);

// A trigger refusing `operation` ("UPDATE" or "DELETE") on `table`: for
// tables that only ever grow (the audit log, money ledgers).
std::string AppendOnlyTrigger(const std::string& table,
                              const std::string& operation);

// Writes the entries in the caller's transaction, so an audited change and
// its audit row commit or roll back together. Multi-row INSERT.
absl::Status AppendAudit(sql::Connection& connection,
                         const std::vector<AuditEntry>& entries);

// One row of an audit log as read back.
struct AuditRecord {
  int64_t id = 0;
  absl::Time at;
  std::string actor;
  std::string actor_role;
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string request_id;
  nlohmann::json detail;
};

// Which rows to read, newest first. Empty strings match everything.
struct AuditQuery {
  std::string actor;
  std::string action_prefix;
  std::string target_type;
  std::string target_id;
  // Rows whose detail.scope lies under this org path (the gateway records
  // the actor's scope there); empty: every row.
  std::string scope_prefix;
  absl::Time from = absl::InfinitePast();
  absl::Time to = absl::InfiniteFuture();
  int64_t before_id = 0;  // paging: ids below this; 0 starts at the newest
  int limit = 100;
};

// Reads the audit log with one fixed prepared statement (every condition
// is switched off by its own parameter).
absl::StatusOr<std::vector<AuditRecord>> ReadAudit(ConnectionPool& pool,
                                                   const AuditQuery& query);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_AUDIT_LOG_H_
