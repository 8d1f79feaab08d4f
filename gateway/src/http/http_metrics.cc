#include "gateway/src/http/http_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace unioncard::gateway {
namespace {

constexpr double kBounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                              0.25,  0.5,    1,     2.5,  5,     10};

}  // namespace

void HttpMetrics::Observe(const std::string& method, const std::string& route,
                          int status, absl::Duration elapsed) {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[{method, route}];
  for (double bound : kBounds) {
    if (seconds <= bound) ++h.buckets[bound];
  }
  h.sum += seconds;
  ++h.count;
}

std::string HttpMetrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out =
      "# HELP gateway_http_requests_total HTTP requests by route and "
      "status.\n# TYPE gateway_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    absl::StrAppendFormat(
        &out,
        "gateway_http_requests_total{method=\"%s\",route=\"%s\",code=\"%d\"} "
        "%d\n",
        std::get<0>(key), std::get<1>(key), std::get<2>(key), n);
  }
  out +=
      "# HELP gateway_http_request_seconds Time to answer, by route.\n"
      "# TYPE gateway_http_request_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const std::string labels =
        absl::StrFormat("method=\"%s\",route=\"%s\"", key.first, key.second);
    for (double bound : kBounds) {
      auto it = h.buckets.find(bound);
      absl::StrAppendFormat(&out,
                            "gateway_http_request_seconds_bucket{%s,le=\"%g\"} "
                            "%d\n",
                            labels, bound,
                            it == h.buckets.end() ? 0 : it->second);
    }
    absl::StrAppendFormat(
        &out, "gateway_http_request_seconds_bucket{%s,le=\"+Inf\"} %d\n",
        labels, h.count);
    absl::StrAppendFormat(&out, "gateway_http_request_seconds_sum{%s} %g\n",
                          labels, h.sum);
    absl::StrAppendFormat(&out, "gateway_http_request_seconds_count{%s} %d\n",
                          labels, h.count);
  }
  return out;
}

}  // namespace unioncard::gateway
