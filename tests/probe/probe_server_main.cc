// A real server process running the Probe service through ServiceRunner, so
// tests can signal it (SIGTERM during a slow call) like Kubernetes would.
// Prints "PORT <grpc> <metrics>" on stdout's first line once serving.
#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/env_flags.h"
#include "common/grpc/server_flags.h"
#include "common/grpc/service_runner.h"
#include "common/log/json_log.h"
#include "tests/probe/probe_service.h"

int main(int argc, char** argv) {
  using unioncard::rpc::ServiceRunner;
  ServiceRunner::BlockShutdownSignals();
  unioncard::config::ParseFlagsWithEnvironment(argc, argv);

  auto verifier = unioncard::rpc::TokenVerifierFromFlags();
  if (!verifier.ok()) {
    std::fprintf(stderr, "%s\n", verifier.status().ToString().c_str());
    return 2;
  }
  unioncard::testing::ProbeService probe(*std::move(verifier));
  ServiceRunner runner(unioncard::rpc::ServerOptionsFromFlags("probe"));
  runner.AddService(&probe);
  if (absl::Status started = runner.Start(); !started.ok()) {
    unioncard::log::Error("cannot start", {{"error", started.ToString()}});
    return 1;
  }
  std::printf("PORT %d %d\n", runner.port(), runner.metrics_port());
  std::fflush(stdout);
  runner.StopOnShutdownSignals();
  runner.Wait();
  return 0;
}
