#include "member-svc/src/api/org_service.h"

#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "member-svc/src/api/proto_mapping.h"

namespace unioncard::member {
namespace {

// A use case's unit, as the answer.
absl::Status Answer(absl::StatusOr<OrgUnit> org, v1::OrgUnit* out) {
  if (!org.ok()) return org.status();
  ToProto(*org, out);
  return absl::OkStatus();
}

}  // namespace

grpc::Status OrgService::GetOrgUnit(grpc::ServerContext* context,
                                    const v1::GetOrgUnitRequest* request,
                                    v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        if (request->id().empty()) {
          return status::InvalidField("id", "is required");
        }
        return Answer(tree_.Get(caller, request->id()), response);
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
        ASSIGN_OR_RETURN(
            OrgPage page,
            tree_.ListChildren(caller, request->parent_id(),
                               request->include_closed(), after, page_size));
        for (const OrgUnit& org : page.units) {
          ToProto(org, response->add_org_units());
        }
        if (page.more) {
          response->set_next_page_token(EncodePageToken(page.units.back().id));
        }
        return absl::OkStatus();
      });
}

grpc::Status OrgService::CreateGrassrootsUnion(
    grpc::ServerContext* context,
    const v1::CreateGrassrootsUnionRequest* request, v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        return Answer(tree_.CreateGrassroots(caller, request->request_id(),
                                             request->parent_id(),
                                             request->id(), request->name()),
                      response);
      });
}

grpc::Status OrgService::RenameOrgUnit(grpc::ServerContext* context,
                                       const v1::RenameOrgUnitRequest* request,
                                       v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        return Answer(tree_.Rename(caller, request->request_id(), request->id(),
                                   request->name()),
                      response);
      });
}

grpc::Status OrgService::CloseGrassrootsUnion(
    grpc::ServerContext* context,
    const v1::CloseGrassrootsUnionRequest* request, v1::OrgUnit* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        return Answer(
            tree_.CloseGrassroots(caller, request->request_id(), request->id()),
            response);
      });
}

}  // namespace unioncard::member
