#ifndef UNIONCARD_GATEWAY_SRC_STORE_AUDIT_STORE_H_
#define UNIONCARD_GATEWAY_SRC_STORE_AUDIT_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/audit_log.h"
#include "common/db/connection_pool.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {

struct AuditRow {
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

struct AuditFilter {
  std::string actor;          // exact username, or all
  std::string action_prefix;  // "http.", "account.", …, or all
  std::string scope_prefix;   // rows whose detail.scope lies under this
  absl::Time from = absl::InfinitePast();
  absl::Time to = absl::InfiniteFuture();
  int64_t before_id = 0;  // paging: newest first, ids below this (0: all)
  int limit = 100;
};

// The gateway's audit log: appended to, read by auditors, never changed
// (the table's triggers refuse UPDATE and DELETE).
class AuditStore {
 public:
  explicit AuditStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status Append(const db::AuditEntry& entry);
  absl::StatusOr<std::vector<AuditRow>> List(const AuditFilter& filter);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_STORE_AUDIT_STORE_H_
