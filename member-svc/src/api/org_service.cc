#include "member-svc/src/api/org_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/db/idempotency.h"
#include "common/grpc/authenticated_call.h"
#include "common/log/request_id.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "member-svc/src/api/proto_mapping.h"

namespace unioncard::member {
namespace {

absl::StatusOr<std::string> ValidUnitName(const std::string& raw) {
  std::string name(absl::StripAsciiWhitespace(raw));
  if (name.empty()) return status::InvalidField("name", "is required");
  if (absl::Status s = text::CheckText(name, 100); !s.ok()) {
    return status::InvalidField("name", std::string(s.message()));
  }
  return name;
}

// Ids appear in org paths and tokens: lower-case letters, digits, hyphens.
absl::Status ValidUnitId(const std::string& id) {
  if (id.empty() || id.size() > 48) {
    return status::InvalidField("id", "must be 1 to 48 characters");
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return status::InvalidField("id",
                                  "may contain only a-z, 0-9 and hyphens");
    }
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status OrgService::GetOrgUnit(grpc::ServerContext* context,
                                    const v1::GetOrgUnitRequest* request,
                                    v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        if (request->id().empty())
          return status::InvalidField("id", "is required");
        RETURN_IF_ERROR(policy_.CheckReadOrgTree(caller));
        ASSIGN_OR_RETURN(OrgUnit org, orgs_->Get(request->id()));
        ToProto(org, response);
        return absl::OkStatus();
      });
}

grpc::Status OrgService::ListOrgUnits(grpc::ServerContext* context,
                                      const v1::ListOrgUnitsRequest* request,
                                      v1::ListOrgUnitsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(int page_size,
                         PageSize(request->page_size(), 100, 1000));
        std::string after;
        if (!request->page_token().empty()) {
          ASSIGN_OR_RETURN(after, DecodeSlugPageToken(request->page_token()));
        }
        const std::string parent_id =
            request->parent_id().empty() ? caller.org_id : request->parent_id();
        RETURN_IF_ERROR(policy_.CheckReadOrgTree(caller));
        ASSIGN_OR_RETURN(OrgUnit parent, orgs_->Get(parent_id));
        ASSIGN_OR_RETURN(
            std::vector<OrgUnit> children,
            orgs_->ListChildren(parent.id, request->include_closed(), after,
                                page_size + 1));
        const bool more = static_cast<int>(children.size()) > page_size;
        if (more) children.resize(page_size);
        for (const OrgUnit& org : children)
          ToProto(org, response->add_org_units());
        if (more)
          response->set_next_page_token(EncodePageToken(children.back().id));
        return absl::OkStatus();
      });
}

grpc::Status OrgService::CreateGrassrootsUnion(
    grpc::ServerContext* context,
    const v1::CreateGrassrootsUnionRequest* request, v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        status::FieldErrors errors;
        absl::StatusOr<std::string> name = ValidUnitName(request->name());
        errors.Merge("", name.status());
        if (!request->id().empty())
          errors.Merge("", ValidUnitId(request->id()));
        if (request->parent_id().empty())
          errors.Add("parent_id", "is required");
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(OrgUnit parent, orgs_->Get(request->parent_id()));
        RETURN_IF_ERROR(policy_.CheckManageOrgs(caller, parent.path));
        if (parent.level != OrgLevel::kCounty) {
          return status::InvalidField(
              "parent_id", "grassroots unions belong to a county-level unit");
        }
        ASSIGN_OR_RETURN(OrgUnit created,
                         orgs_->CreateGrassroots(caller, request_id, parent,
                                                 request->id(), *name));
        ToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::Status OrgService::RenameOrgUnit(grpc::ServerContext* context,
                                       const v1::RenameOrgUnitRequest* request,
                                       v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(std::string name, ValidUnitName(request->name()));
        if (request->id().empty())
          return status::InvalidField("id", "is required");
        ASSIGN_OR_RETURN(OrgUnit org, orgs_->Get(request->id()));
        RETURN_IF_ERROR(policy_.CheckManageOrgs(caller, org.path));
        ASSIGN_OR_RETURN(OrgUnit renamed,
                         orgs_->Rename(caller, request_id, org.id, name));
        ToProto(renamed, response);
        return absl::OkStatus();
      });
}

grpc::Status OrgService::CloseGrassrootsUnion(
    grpc::ServerContext* context,
    const v1::CloseGrassrootsUnionRequest* request, v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        if (request->id().empty())
          return status::InvalidField("id", "is required");
        ASSIGN_OR_RETURN(OrgUnit org, orgs_->Get(request->id()));
        RETURN_IF_ERROR(policy_.CheckManageOrgs(caller, org.path));
        ASSIGN_OR_RETURN(OrgUnit closed,
                         orgs_->CloseGrassroots(caller, request_id, org.id));
        ToProto(closed, response);
        return absl::OkStatus();
      });
}

}  // namespace unioncard::member
