#ifndef UNIONCARD_GATEWAY_SRC_STORE_AUDIT_STORE_H_
#define UNIONCARD_GATEWAY_SRC_STORE_AUDIT_STORE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/db/audit_log.h"
#include "common/db/connection_pool.h"

namespace unioncard::gateway {

// The gateway's audit log: appended to, read by auditors, never changed
// (the table's triggers refuse UPDATE and DELETE).
class AuditStore {
 public:
  explicit AuditStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status Append(const db::AuditEntry& entry);
  absl::StatusOr<std::vector<db::AuditRecord>> List(
      const db::AuditQuery& query) {
    return db::ReadAudit(*pool_, query);
  }

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_STORE_AUDIT_STORE_H_
