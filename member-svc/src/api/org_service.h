#ifndef UNIONCARD_MEMBER_SVC_SRC_API_ORG_SERVICE_H_
#define UNIONCARD_MEMBER_SVC_SRC_API_ORG_SERVICE_H_

#include "common/auth/token.h"
#include "member-svc/src/app/org_tree.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/store/org_store.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::member {

// The gRPC adapter of unioncard.member.v1.OrgService: each request's
// shape, then one OrgTree use case.
class OrgService final : public v1::OrgService::Service {
 public:
  OrgService(const auth::TokenVerifier* verifier, OrgStore* orgs,
             AccessPolicy policy)
      : verifier_(verifier),
        policy_(std::move(policy)),
        tree_(orgs, &policy_) {}

  grpc::Status GetOrgUnit(grpc::ServerContext* context,
                          const v1::GetOrgUnitRequest* request,
                          v1::OrgUnit* response) override;
  grpc::Status ListOrgUnits(grpc::ServerContext* context,
                            const v1::ListOrgUnitsRequest* request,
                            v1::ListOrgUnitsResponse* response) override;
  grpc::Status CreateGrassrootsUnion(
      grpc::ServerContext* context,
      const v1::CreateGrassrootsUnionRequest* request,
      v1::OrgUnit* response) override;
  grpc::Status RenameOrgUnit(grpc::ServerContext* context,
                             const v1::RenameOrgUnitRequest* request,
                             v1::OrgUnit* response) override;
  grpc::Status CloseGrassrootsUnion(
      grpc::ServerContext* context,
      const v1::CloseGrassrootsUnionRequest* request,
      v1::OrgUnit* response) override;

 private:
  const auth::TokenVerifier* verifier_;
  AccessPolicy policy_;
  OrgTree tree_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_API_ORG_SERVICE_H_
