#include "common/grpc/server_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace unioncard::rpc {
namespace {

std::pair<std::string, std::string> SplitMethod(const std::string& full) {
  // "/unioncard.member.v1.MemberService/GetMember"
  std::pair<std::string, std::string> parts =
      absl::StrSplit(absl::StripPrefix(full, "/"), absl::MaxSplits('/', 1));
  return parts;
}

std::string Labels(const std::string& service, const std::string& method) {
  return absl::StrCat("grpc_service=\"", service, "\",grpc_method=\"", method,
                      "\"");
}

}  // namespace

const char* GrpcCodeName(int code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  if (code < 0 || code >= static_cast<int>(std::size(kNames))) return "UNKNOWN";
  return kNames[code];
}

void ServerMetrics::RecordStarted(const std::string& full_method) {
  std::lock_guard<std::mutex> lock(mu_);
  ++started_[SplitMethod(full_method)];
}

void ServerMetrics::RecordHandled(const std::string& full_method, int grpc_code,
                                  absl::Duration elapsed) {
  auto [service, method] = SplitMethod(full_method);
  const double seconds = absl::ToDoubleSeconds(elapsed);
  std::lock_guard<std::mutex> lock(mu_);
  ++handled_[{service, method, GrpcCodeName(grpc_code)}];
  Histogram& h = latency_[{service, method}];
  for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string ServerMetrics::RenderPrometheusText() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  absl::StrAppend(&out,
                  "# HELP grpc_server_started_total Total number of RPCs "
                  "started on the server.\n"
                  "# TYPE grpc_server_started_total counter\n");
  for (const auto& [key, n] : started_) {
    absl::StrAppend(&out, "grpc_server_started_total{",
                    Labels(key.first, key.second), "} ", n, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP grpc_server_handled_total Total number of RPCs "
                  "completed on the server, regardless of success or "
                  "failure.\n"
                  "# TYPE grpc_server_handled_total counter\n");
  for (const auto& [key, n] : handled_) {
    const auto& [service, method, code] = key;
    absl::StrAppend(&out, "grpc_server_handled_total{", Labels(service, method),
                    ",grpc_code=\"", code, "\"} ", n, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP grpc_server_handling_seconds Histogram of response "
                  "latency of RPCs handled by the server.\n"
                  "# TYPE grpc_server_handling_seconds histogram\n");
  for (const auto& [key, h] : latency_) {
    const std::string labels = Labels(key.first, key.second);
    for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      absl::StrAppend(&out, "grpc_server_handling_seconds_bucket{", labels,
                      ",le=\"", absl::StrFormat("%g", kBucketsSeconds[i]),
                      "\"} ", h.buckets[i], "\n");
    }
    absl::StrAppend(&out, "grpc_server_handling_seconds_bucket{", labels,
                    ",le=\"+Inf\"} ", h.count, "\n");
    absl::StrAppend(&out, "grpc_server_handling_seconds_sum{", labels, "} ",
                    absl::StrFormat("%.6f", h.sum), "\n");
    absl::StrAppend(&out, "grpc_server_handling_seconds_count{", labels, "} ",
                    h.count, "\n");
  }
  return out;
}

}  // namespace unioncard::rpc
