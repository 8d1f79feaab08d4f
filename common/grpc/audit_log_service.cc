#include "common/grpc/audit_log_service.h"

#include "absl/strings/str_cat.h"
#include "common/db/audit_log.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::rpc {
namespace {

namespace v1 = audit::v1;

absl::Status List(db::ConnectionPool& pool, const auth::Principal& caller,
                  const v1::ListAuditEntriesRequest& request,
                  v1::ListAuditEntriesResponse* response) {
  RETURN_IF_ERROR(auth::RequireRoleInScope(
      caller, {auth::Role::kCityAdmin, auth::Role::kAuditor}, "/city/",
      "read the audit log"));
  status::FieldErrors errors;
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"actor", &request.actor()},
        {"action_prefix", &request.action_prefix()},
        {"target_type", &request.target_type()},
        {"target_id", &request.target_id()}}) {
    if (value->size() > 128) errors.Add(name, "is longer than 128 bytes");
  }
  if (!request.target_id().empty() && request.target_type().empty()) {
    errors.Add("target_type", "is required with target_id");
  }
  absl::StatusOr<IdPage> page =
      ReadIdPage(request.page_size(), request.page_token(), 100, 500);
  if (!page.ok()) errors.Merge("", page.status());
  RETURN_IF_ERROR(errors.ToStatus());

  db::AuditQuery query;
  query.actor = request.actor();
  query.action_prefix = request.action_prefix();
  query.target_type = request.target_type();
  query.target_id = request.target_id();
  if (request.has_from_time()) query.from = FromTimestamp(request.from_time());
  if (request.has_to_time()) query.to = FromTimestamp(request.to_time());
  query.before_id = page->after;  // newest first: the token is the last id
  query.limit = page->size + 1;
  ASSIGN_OR_RETURN(std::vector<db::AuditRecord> rows,
                   db::ReadAudit(pool, query));
  response->set_next_page_token(
      TrimToPage(rows, *page, [](const db::AuditRecord& r) { return r.id; }));
  for (const db::AuditRecord& r : rows) {
    v1::AuditEntry* e = response->add_entries();
    e->set_id(r.id);
    SetTimestamp(r.at, e->mutable_time());
    e->set_actor(r.actor);
    e->set_actor_role(r.actor_role);
    e->set_action(r.action);
    e->set_target_type(r.target_type);
    e->set_target_id(r.target_id);
    e->set_request_id(r.request_id);
    e->set_detail_json(r.detail.dump());
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status AuditLogService::ListAuditEntries(
    grpc::ServerContext* context, const v1::ListAuditEntriesRequest* request,
    v1::ListAuditEntriesResponse* response) {
  return ServeAuthenticated(*context, *verifier_,
                            [&](const auth::Principal& caller) {
                              return List(*pool_, caller, *request, response);
                            });
}

}  // namespace unioncard::rpc
