// merchant-svc: contracted merchants, offers, service items, ratings.
#include "absl/flags/flag.h"
#include "common/config/env_flags.h"
#include "common/db/db_flags.h"
#include "common/grpc/service_main.h"
#include "common/reference/county_plan.h"
#include "merchant-svc/src/merchant_server.h"
#include "merchant-svc/src/store/merchant_schema.h"

ABSL_FLAG(std::string, reference_dir, "deploy/reference",
          "folder with cangzhou_plan_2016_2018.csv (the county-level units)");
ABSL_FLAG(std::string, card_svc, "127.0.0.1:50052", "card-svc's address");
ABSL_FLAG(std::string, card_svc_token, "",
          "merchant-svc's service token for card-svc (file:PATH or env:NAME)");
// The evaluation's thresholds (docs/rules.md §5.5, §7).
ABSL_FLAG(int, rating_window_days, 90, "ratings that count: the last N days");
ABSL_FLAG(int, featured_min_ratings, 20, "FEATURED needs this many ratings");
ABSL_FLAG(int, featured_mean_tenths, 45, "… and a mean of at least N/10");
ABSL_FLAG(int, warning_min_ratings, 10, "WARNING needs this many ratings");
ABSL_FLAG(int, warning_mean_tenths, 30, "… and a mean below N/10");
ABSL_FLAG(int, exit_after_warning_days, 30,
          "EXIT_PROPOSED after this many days of warning");
ABSL_FLAG(int, evaluation_check_minutes, 10,
          "how often the daily evaluation checks whether a new day began");

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);
  if (db::MigrateOnlyRequested()) {
    return rpc::MigrateOnlyMain("merchant-svc", merchant::MerchantSchema());
  }

  auto basics = rpc::ServiceBasicsFromFlags("merchant-svc");
  if (!basics.ok()) return rpc::FailToStart("bad flags", basics.status());
  auto token = rpc::ReadServiceToken(absl::GetFlag(FLAGS_card_svc_token),
                                     "card_svc_token");
  if (!token.ok()) return rpc::FailToStart("bad flags", token.status());
  auto plan = reference::ReadCountyPlanFile(absl::GetFlag(FLAGS_reference_dir) +
                                            "/cangzhou_plan_2016_2018.csv");
  if (!plan.ok()) return rpc::FailToStart("--reference_dir", plan.status());

  merchant::MerchantServerConfig config;
  config.server = basics->server;
  config.db = basics->db;
  config.verifier = basics->verifier;
  for (const auto& county : *plan) config.counties.insert(county.unit_code);
  config.card_svc_address = absl::GetFlag(FLAGS_card_svc);
  config.card_svc_token = *token;
  config.policy.window_days = absl::GetFlag(FLAGS_rating_window_days);
  config.policy.featured_min_ratings =
      absl::GetFlag(FLAGS_featured_min_ratings);
  config.policy.featured_mean_num = absl::GetFlag(FLAGS_featured_mean_tenths);
  config.policy.featured_mean_den = 10;
  config.policy.warning_min_ratings = absl::GetFlag(FLAGS_warning_min_ratings);
  config.policy.warning_mean_num = absl::GetFlag(FLAGS_warning_mean_tenths);
  config.policy.warning_mean_den = 10;
  config.policy.exit_after_warning_days =
      absl::GetFlag(FLAGS_exit_after_warning_days);
  config.evaluation_check =
      absl::Minutes(absl::GetFlag(FLAGS_evaluation_check_minutes));

  auto server = merchant::StartMerchantServer(std::move(config));
  if (!server.ok()) return rpc::FailToStart("cannot start", server.status());
  (*server)->host->ServeUntilSignalled();
  (*server)->Stop();
  return 0;
}
