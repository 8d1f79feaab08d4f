#ifndef UNIONCARD_COMMON_DB_AUDIT_LOG_H_
#define UNIONCARD_COMMON_DB_AUDIT_LOG_H_

#include <cppconn/connection.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
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

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_AUDIT_LOG_H_
