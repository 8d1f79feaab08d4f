// merchant-svc: contracted merchants, offers, service items, ratings.
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "common/config/env_flags.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "common/grpc/server_flags.h"
#include "common/log/json_log.h"
#include "common/reference/county_plan.h"
#include "merchant-svc/src/merchant_server.h"

ABSL_FLAG(std::string, reference_dir, "deploy/reference",
          "folder with cangzhou_plan_2016_2018.csv (the county-level units)");
ABSL_FLAG(std::string, card_svc, "127.0.0.1:50052", "card-svc's address");
ABSL_FLAG(std::string, card_svc_token, "",
          "merchant-svc's service token for card-svc (file:PATH or env:NAME)");
ABSL_FLAG(int, evaluation_check_minutes, 10,
          "how often the daily evaluation checks whether a new day began");

namespace {

int Fail(const char* what, const absl::Status& status) {
  unioncard::log::Error(what, {{"error", status.ToString()}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);

  merchant::MerchantServerConfig config;
  config.server = rpc::ServerOptionsFromFlags("merchant-svc");
  auto db = db::DbOptionsFromFlags();
  if (!db.ok()) return Fail("bad database flags", db.status());
  config.db = *db;
  auto verifier = rpc::TokenVerifierFromFlags();
  if (!verifier.ok()) return Fail("--token_verify_keys", verifier.status());
  config.verifier = *verifier;
  auto plan = reference::ReadCountyPlanFile(absl::GetFlag(FLAGS_reference_dir) +
                                            "/cangzhou_plan_2016_2018.csv");
  if (!plan.ok()) return Fail("--reference_dir", plan.status());
  for (const auto& county : *plan) config.counties.insert(county.unit_code);
  auto token = config::ReadSecret(absl::GetFlag(FLAGS_card_svc_token));
  if (!token.ok()) return Fail("--card_svc_token", token.status());
  config.card_svc_address = absl::GetFlag(FLAGS_card_svc);
  config.card_svc_token = std::string(absl::StripAsciiWhitespace(*token));
  config.evaluation_check =
      absl::Minutes(absl::GetFlag(FLAGS_evaluation_check_minutes));

  auto server = merchant::MerchantServer::Start(std::move(config));
  if (!server.ok()) return Fail("cannot start", server.status());
  (*server)->runner().StopOnShutdownSignals();
  (*server)->runner().Wait();
  (*server)->Stop();
  return 0;
}
