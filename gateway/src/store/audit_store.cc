#include "gateway/src/store/audit_store.h"

namespace unioncard::gateway {

absl::Status AuditStore::Append(const db::AuditEntry& entry) {
  return pool_->Run(
      [&](sql::Connection& c) { return db::AppendAudit(c, {entry}); });
}

}  // namespace unioncard::gateway
