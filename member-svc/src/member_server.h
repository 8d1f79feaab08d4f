#ifndef UNIONCARD_MEMBER_SVC_SRC_MEMBER_SERVER_H_
#define UNIONCARD_MEMBER_SVC_SRC_MEMBER_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/crypto/keyring.h"
#include "common/db/connection_pool.h"
#include "common/grpc/service_host.h"
#include "common/reference/county_plan.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member_validation.h"

namespace unioncard::member {

struct MemberServerConfig {
  db::DbOptions db;
  crypto::DataKeys data_keys;
  auth::TokenVerifier verifier;
  std::vector<reference::CountyPlan> plan;  // the county-level units
  std::string city_name = "沧州市总工会";
  rpc::ServerOptions server;
  AccessPolicy policy;
  MemberPolicy rules;
};

// member-svc assembled on the common host (database migrated, the
// reference org tree loaded, stores, the four gRPC services, the data-key
// rotation job): main() and the integration tests start it the same way.
absl::StatusOr<std::unique_ptr<rpc::ServiceHost>> StartMemberServer(
    MemberServerConfig config);

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_MEMBER_SERVER_H_
