// member-svc: the org tree and real-name members.
#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/env_flags.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "common/grpc/service_main.h"
#include "common/reference/county_plan.h"
#include "member-svc/src/member_server.h"
#include "member-svc/src/store/schema.h"

ABSL_FLAG(std::string, data_keys, "",
          "personal-data keys (AES-256-GCM + blind index): file:PATH or "
          "env:NAME, as written by `unionctl keys generate`");
ABSL_FLAG(std::string, reference_dir, "deploy/reference",
          "folder with cangzhou_plan_2016_2018.csv (the county-level units)");
ABSL_FLAG(std::string, city_name, "沧州市总工会", "the federation's name");

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);
  if (db::MigrateOnlyRequested()) {
    return rpc::MigrateOnlyMain("member-svc", member::MemberSchema());
  }

  auto basics = rpc::ServiceBasicsFromFlags("member-svc");
  if (!basics.ok()) return rpc::FailToStart("bad flags", basics.status());
  member::MemberServerConfig config{basics->db,
                                    {},
                                    basics->verifier,
                                    {},
                                    absl::GetFlag(FLAGS_city_name),
                                    basics->server,
                                    {},
                                    {}};
  auto keys_json = config::ReadSecret(absl::GetFlag(FLAGS_data_keys));
  if (!keys_json.ok()) {
    return rpc::FailToStart("--data_keys", keys_json.status());
  }
  auto keys = crypto::DataKeys::FromJson(*keys_json);
  if (!keys.ok()) return rpc::FailToStart("--data_keys", keys.status());
  config.data_keys = *keys;
  auto plan = reference::ReadCountyPlanFile(absl::GetFlag(FLAGS_reference_dir) +
                                            "/cangzhou_plan_2016_2018.csv");
  if (!plan.ok()) return rpc::FailToStart("--reference_dir", plan.status());
  config.plan = *plan;

  auto server = member::StartMemberServer(std::move(config));
  if (!server.ok()) return rpc::FailToStart("cannot start", server.status());
  (*server)->ServeUntilSignalled();
  return 0;
}
