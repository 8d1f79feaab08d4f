#ifndef UNIONCARD_GATEWAY_SRC_HTTP_HTTP_METRICS_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_HTTP_METRICS_H_

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "absl/time/time.h"

namespace unioncard::gateway {

// Prometheus text for the gateway: requests by route template, method and
// HTTP status, and a latency histogram per route (the same shape as the
// services' grpc_server_* metrics, so one dashboard reads both).
class HttpMetrics {
 public:
  void Observe(const std::string& method, const std::string& route, int status,
               absl::Duration elapsed);
  std::string Render() const;

 private:
  struct Histogram {
    std::map<double, long> buckets;  // upper bound in seconds → count
    double sum = 0;
    long count = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, long> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_HTTP_METRICS_H_
