#ifndef UNIONCARD_GATEWAY_SRC_HTTP_JSON_VIEWS_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_JSON_VIEWS_H_

#include "absl/status/status.h"
#include "gateway/src/store/account_store.h"
#include "gateway/src/store/audit_store.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {

// {code, message, details: [{field, description}]}: field violations stay
// one per field so the portal can put each beside its input. Messages are
// cut to a bounded length: an echoed input can never swell an answer.
nlohmann::json ErrorBody(const absl::Status& status);

// An account as the portal shows it: no password hash.
nlohmann::json AccountJson(const Account& account);

nlohmann::json AuditRowJson(const db::AuditRecord& row);

// RFC 3339, UTC.
std::string TimeJson(absl::Time t);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_JSON_VIEWS_H_
