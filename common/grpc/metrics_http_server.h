#ifndef UNIONCARD_COMMON_GRPC_METRICS_HTTP_SERVER_H_
#define UNIONCARD_COMMON_GRPC_METRICS_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace unioncard::rpc {

// A tiny HTTP server beside each gRPC server, for Prometheus and kubelet:
//   GET /metrics  Prometheus text from `render_metrics`
//   GET /healthz  200 "SERVING" or 503 "NOT_SERVING" from `is_serving`
class MetricsHttpServer {
 public:
  MetricsHttpServer(std::function<std::string()> render_metrics,
                    std::function<bool()> is_serving);
  ~MetricsHttpServer();

  // Binds `host:port` (port 0 picks a free one) and serves on a thread.
  // Returns the bound port.
  absl::StatusOr<int> Start(const std::string& host, int port);
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_METRICS_HTTP_SERVER_H_
