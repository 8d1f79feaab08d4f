#include "assessment-svc/test/api/assessment_test_server.h"

#include <map>

#include "common/reference/county_plan.h"
#include "common/status/macros.h"

namespace unioncard::assessment::testing {

absl::StatusOr<AssessmentServerConfig> AssessmentTestConfig(
    const db::DbOptions& db, const auth::SigningKey& key,
    const Neighbours& neighbours) {
  AssessmentServerConfig config;
  config.db = db;
  config.verifier = auth::TokenVerifier(
      std::map<std::string, std::string>{{key.kid, key.public_key}});
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = -1;
  config.server.shutdown_grace = absl::Seconds(1);
  ASSIGN_OR_RETURN(config.plan,
                   reference::ReadCountyPlanFile(
                       UNIONCARD_SOURCE_DIR
                       "/deploy/reference/cangzhou_plan_2016_2018.csv"));
  // The identity the service grants know (common/auth/service_grants.cc).
  const std::string token = auth::TokenSigner(key).Issue(
      {"assessment-svc", auth::Role::kService, "city", "/city/", {}, {}},
      absl::Hours(2));
  config.member_svc_address = neighbours.member_svc;
  config.member_svc_token = token;
  config.card_svc_address = neighbours.card_svc;
  config.card_svc_token = token;
  config.merchant_svc_address = neighbours.merchant_svc;
  config.merchant_svc_token = token;
  return config;
}

}  // namespace unioncard::assessment::testing
