// assessment-svc: plans, progress bulletins, quarterly rankings and the
// annual assessment.
#include "absl/flags/flag.h"
#include "assessment-svc/src/assessment_server.h"
#include "assessment-svc/src/store/assessment_schema.h"
#include "common/config/env_flags.h"
#include "common/db/db_flags.h"
#include "common/grpc/service_main.h"

ABSL_FLAG(std::string, reference_dir, "deploy/reference",
          "folder with cangzhou_plan_2016_2018.csv (the shipped plan)");
ABSL_FLAG(std::string, member_svc, "127.0.0.1:50051", "member-svc's address");
ABSL_FLAG(std::string, member_svc_token, "",
          "assessment-svc's service token for member-svc (file: or env:)");
ABSL_FLAG(std::string, card_svc, "127.0.0.1:50052", "card-svc's address");
ABSL_FLAG(std::string, card_svc_token, "",
          "assessment-svc's service token for card-svc (file: or env:)");
ABSL_FLAG(std::string, merchant_svc, "127.0.0.1:50053",
          "merchant-svc's address (service items for the annual score)");
ABSL_FLAG(std::string, merchant_svc_token, "",
          "assessment-svc's service token for merchant-svc (file: or env:)");

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);
  if (db::MigrateOnlyRequested()) {
    return rpc::MigrateOnlyMain("assessment-svc",
                                assessment::AssessmentSchema());
  }

  auto basics = rpc::ServiceBasicsFromFlags("assessment-svc");
  if (!basics.ok()) return rpc::FailToStart("bad flags", basics.status());
  auto member_token = rpc::ReadServiceToken(
      absl::GetFlag(FLAGS_member_svc_token), "member_svc_token");
  if (!member_token.ok()) {
    return rpc::FailToStart("bad flags", member_token.status());
  }
  auto card_token = rpc::ReadServiceToken(absl::GetFlag(FLAGS_card_svc_token),
                                          "card_svc_token");
  if (!card_token.ok())
    return rpc::FailToStart("bad flags", card_token.status());
  auto merchant_token = rpc::ReadServiceToken(
      absl::GetFlag(FLAGS_merchant_svc_token), "merchant_svc_token");
  if (!merchant_token.ok()) {
    return rpc::FailToStart("bad flags", merchant_token.status());
  }
  auto plan = reference::ReadCountyPlanFile(absl::GetFlag(FLAGS_reference_dir) +
                                            "/cangzhou_plan_2016_2018.csv");
  if (!plan.ok()) return rpc::FailToStart("--reference_dir", plan.status());

  assessment::AssessmentServerConfig config;
  config.server = basics->server;
  config.db = basics->db;
  config.verifier = basics->verifier;
  config.plan = *plan;
  config.member_svc_address = absl::GetFlag(FLAGS_member_svc);
  config.member_svc_token = *member_token;
  config.card_svc_address = absl::GetFlag(FLAGS_card_svc);
  config.card_svc_token = *card_token;
  config.merchant_svc_address = absl::GetFlag(FLAGS_merchant_svc);
  config.merchant_svc_token = *merchant_token;

  auto server = assessment::StartAssessmentServer(std::move(config));
  if (!server.ok()) return rpc::FailToStart("cannot start", server.status());
  (*server)->host->ServeUntilSignalled();
  (*server)->Stop();
  return 0;
}
