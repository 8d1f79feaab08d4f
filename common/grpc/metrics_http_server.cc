#include "common/grpc/metrics_http_server.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"

namespace unioncard::rpc {

MetricsHttpServer::MetricsHttpServer(
    std::function<std::string()> render_metrics,
    std::function<bool()> is_serving)
    : server_(std::make_unique<httplib::Server>()) {
  server_->Get(
      "/metrics", [render = std::move(render_metrics)](const httplib::Request&,
                                                       httplib::Response& res) {
        res.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
      });
  server_->Get(
      "/healthz", [serving = std::move(is_serving)](const httplib::Request&,
                                                    httplib::Response& res) {
        const bool ok = serving();
        res.status = ok ? 200 : 503;
        res.set_content(ok ? "SERVING\n" : "NOT_SERVING\n", "text/plain");
      });
}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::StatusOr<int> MetricsHttpServer::Start(const std::string& host,
                                             int port) {
  int bound = port;
  if (port == 0) {
    bound = server_->bind_to_any_port(host);
  } else if (!server_->bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for /metrics on ", host, ":", port));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return bound;
}

void MetricsHttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace unioncard::rpc
