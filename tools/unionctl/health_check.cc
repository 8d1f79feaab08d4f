#include "tools/unionctl/health_check.h"

#include <future>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/server_metrics.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace unioncard::unionctl {

absl::StatusOr<std::vector<ServiceTarget>> ParseServiceTargets(
    const std::string& spec) {
  std::vector<ServiceTarget> targets;
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    if (parts.first.empty() || parts.second.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "\"%s\" should be name=host:port", std::string(item)));
    }
    targets.push_back({parts.first, parts.second});
  }
  if (targets.empty()) {
    return absl::InvalidArgumentError("no services given");
  }
  return targets;
}

std::vector<HealthResult> CheckHealth(const std::vector<ServiceTarget>& targets,
                                      absl::Duration timeout) {
  std::vector<std::future<HealthResult>> pending;
  for (const ServiceTarget& target : targets) {
    pending.push_back(std::async(std::launch::async, [target, timeout] {
      HealthResult result{target, "", false, absl::ZeroDuration()};
      auto stub =
          grpc::health::v1::Health::NewStub(rpc::MakeChannel(target.address));
      auto context = rpc::OutboundContext(timeout);
      context->set_wait_for_ready(false);
      grpc::health::v1::HealthCheckResponse response;
      const absl::Time start = absl::Now();
      grpc::Status status = stub->Check(
          context.get(), grpc::health::v1::HealthCheckRequest(), &response);
      result.latency = absl::Now() - start;
      if (!status.ok()) {
        result.status =
            absl::StrFormat("%s: %s", rpc::GrpcCodeName(status.error_code()),
                            status.error_message());
      } else {
        result.status =
            grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                response.status());
        result.serving =
            response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
      }
      return result;
    }));
  }
  std::vector<HealthResult> results;
  for (auto& f : pending) results.push_back(f.get());
  return results;
}

std::string FormatHealthTable(const std::vector<HealthResult>& results) {
  std::string out = absl::StrFormat("%-16s %-22s %8s  %s\n", "SERVICE",
                                    "ADDRESS", "MS", "STATUS");
  for (const HealthResult& r : results) {
    absl::StrAppendFormat(&out, "%-16s %-22s %8.1f  %s\n", r.target.name,
                          r.target.address,
                          absl::ToDoubleMilliseconds(r.latency), r.status);
  }
  return out;
}

}  // namespace unioncard::unionctl
