#include "merchant-svc/test/api/merchant_test_server.h"

#include "common/reference/county_plan.h"
#include "common/status/macros.h"

namespace unioncard::merchant::testing {

absl::StatusOr<std::unique_ptr<RunningMerchantSvc>> StartMerchantServer(
    const db::DbOptions& db, const auth::SigningKey& key,
    const std::string& card_address, std::function<absl::CivilDay()> today) {
  MerchantServerConfig config;
  config.db = db;
  config.verifier = auth::TokenVerifier(
      std::map<std::string, std::string>{{key.kid, key.public_key}});
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = -1;
  config.server.shutdown_grace = absl::Seconds(1);
  ASSIGN_OR_RETURN(auto plan,
                   reference::ReadCountyPlanFile(
                       UNIONCARD_SOURCE_DIR
                       "/deploy/reference/cangzhou_plan_2016_2018.csv"));
  for (const auto& c : plan) config.counties.insert(c.unit_code);
  config.card_svc_address = card_address;
  config.card_svc_token = auth::TokenSigner(key).Issue(
      {"merchant-svc", auth::Role::kService, "city", "/city/", {}, {}},
      absl::Hours(1));
  config.today = std::move(today);
  config.evaluation_check = absl::Hours(24);
  return merchant::StartMerchantServer(std::move(config));
}

}  // namespace unioncard::merchant::testing
