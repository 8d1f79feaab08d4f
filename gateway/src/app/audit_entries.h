#ifndef UNIONCARD_GATEWAY_SRC_APP_AUDIT_ENTRIES_H_
#define UNIONCARD_GATEWAY_SRC_APP_AUDIT_ENTRIES_H_

#include <string>

#include "common/auth/principal.h"
#include "common/db/audit_log.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {

// An audit row of the gateway: `detail` always carries the actor's scope
// and address, so auditors can filter by either.
inline db::AuditEntry GatewayAudit(const std::string& actor, auth::Role role,
                                   const std::string& scope,
                                   const std::string& address,
                                   std::string action, std::string target_type,
                                   std::string target_id,
                                   nlohmann::json detail = {}) {
  if (!detail.is_object()) detail = nlohmann::json::object();
  detail["scope"] = scope;
  detail["address"] = address;
  return {actor,
          std::string(auth::RoleName(role)),
          std::move(action),
          std::move(target_type),
          std::move(target_id),
          std::move(detail)};
}

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_AUDIT_ENTRIES_H_
