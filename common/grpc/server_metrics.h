#ifndef UNIONCARD_COMMON_GRPC_SERVER_METRICS_H_
#define UNIONCARD_COMMON_GRPC_SERVER_METRICS_H_

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "absl/time/time.h"

namespace unioncard::rpc {

// The RPC metrics every server exports, named as go-grpc-prometheus names
// them so existing dashboards work:
//   grpc_server_started_total{grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method} (histogram)
// prometheus-cpp is not in Debian 12, hence this small registry.
class ServerMetrics {
 public:
  // `full_method` is gRPC's "/package.Service/Method".
  void RecordStarted(const std::string& full_method);
  void RecordHandled(const std::string& full_method, int grpc_code,
                     absl::Duration elapsed);

  // Prometheus text exposition format 0.0.4.
  std::string RenderPrometheusText() const;

 private:
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  struct Histogram {
    std::array<uint64_t, kBucketsSeconds.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  using MethodKey = std::pair<std::string, std::string>;  // service, method

  mutable std::mutex mu_;
  std::map<MethodKey, uint64_t> started_;
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t>
      handled_;
  std::map<MethodKey, Histogram> latency_;
};

// gRPC's code name as Prometheus labels spell it: "OK", "INVALID_ARGUMENT"…
const char* GrpcCodeName(int code);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_SERVER_METRICS_H_
