#ifndef UNIONCARD_TOOLS_UNIONCTL_HEALTH_CHECK_H_
#define UNIONCARD_TOOLS_UNIONCTL_HEALTH_CHECK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::unionctl {

struct ServiceTarget {
  std::string name;     // "member-svc"
  std::string address;  // "127.0.0.1:50051"
};

struct HealthResult {
  ServiceTarget target;
  // "SERVING", "NOT_SERVING", or the gRPC error ("UNAVAILABLE: …").
  std::string status;
  bool serving = false;
  absl::Duration latency;
};

// "member-svc=127.0.0.1:50051,card-svc=127.0.0.1:50052"
absl::StatusOr<std::vector<ServiceTarget>> ParseServiceTargets(
    const std::string& spec);

// Asks each target's grpc.health.v1.Health/Check (overall status), all at
// once, each with `timeout`.
std::vector<HealthResult> CheckHealth(const std::vector<ServiceTarget>& targets,
                                      absl::Duration timeout);

// The table `unionctl health` prints.
std::string FormatHealthTable(const std::vector<HealthResult>& results);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_HEALTH_CHECK_H_
