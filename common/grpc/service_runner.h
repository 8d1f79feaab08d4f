#ifndef UNIONCARD_COMMON_GRPC_SERVICE_RUNNER_H_
#define UNIONCARD_COMMON_GRPC_SERVICE_RUNNER_H_

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/grpc/call_admission.h"
#include "common/grpc/metrics_http_server.h"
#include "common/grpc/server_metrics.h"

namespace unioncard::rpc {

struct ServerOptions {
  std::string service_name = "unioncard";
  // gRPC listen address; port 0 picks a free port (tests).
  std::string listen_address = "0.0.0.0:50051";
  // /metrics and /healthz; port 0 picks a free port, -1 turns it off.
  // Unauthenticated, so loopback unless a deployment opens it on purpose
  // (--metrics_host=0.0.0.0 behind a NetworkPolicy).
  std::string metrics_host = "127.0.0.1";
  int metrics_port = 9090;
  // After SIGTERM the server reports NOT_SERVING for this long before it
  // stops taking calls, so load balancers stop sending new ones first.
  absl::Duration drain_delay = absl::ZeroDuration();
  // In-flight calls get this long to finish before they are cancelled.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // Largest message in either direction (bulk imports answer per row).
  int max_message_bytes = 64 << 20;
  // Calls worked on at once (feeds followed included); more are answered
  // RESOURCE_EXHAUSTED at once. 0: no limit.
  int max_concurrent_calls = 128;
  // Threads kept waiting for calls between calls (see Start).
  int max_waiting_threads = 16;
  // Connections are closed (GOAWAY) after this long, then given the grace
  // to finish their calls: clients reconnect and re-resolve DNS, so pods an
  // autoscaler added get calls too. Zero keeps connections forever.
  absl::Duration max_connection_age = absl::ZeroDuration();
  absl::Duration max_connection_age_grace = absl::Seconds(30);
  // Insecure when null (loopback and tests); mTLS for the bank link.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

// Runs one gRPC server the way every unioncard service runs: health
// (grpc.health.v1), reflection, the call observer (request ids, access log,
// metrics), /metrics, and a graceful stop on SIGTERM.
//
//   ServiceRunner::BlockShutdownSignals();   // first thing in main()
//   ServiceRunner runner(options);
//   runner.AddService(&member_service);
//   RETURN_IF_ERROR(runner.Start());
//   runner.StopOnShutdownSignals();
//   runner.Wait();                           // returns after a clean stop
class ServiceRunner {
 public:
  explicit ServiceRunner(ServerOptions options);
  ~ServiceRunner();
  ServiceRunner(const ServiceRunner&) = delete;
  ServiceRunner& operator=(const ServiceRunner&) = delete;

  // Not owned; must outlive the runner.
  void AddService(grpc::Service* service);

  // Binds and starts serving; health turns SERVING.
  absl::Status Start();

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  ServerMetrics& metrics() { return metrics_; }
  grpc::Server* server() { return server_.get(); }

  // Begins the graceful stop; Wait() carries it out. Thread-safe.
  void RequestShutdown();

  // Runs `hook` once shutdown begins, before in-flight calls are drained:
  // for calls that never end on their own (event streams).
  void OnShutdown(std::function<void()> hook);
  // Runs `hook` the moment shutdown is requested (before the drain): to
  // stop a second server of the same process in step with this one.
  void OnShutdownRequested(std::function<void()> hook);

  // Blocks SIGTERM and SIGINT in the calling thread and the threads it starts
  // later, so StopOnShutdownSignals() can take them with sigwait().
  static void BlockShutdownSignals();
  // Starts a thread that waits for SIGTERM/SIGINT and calls RequestShutdown.
  void StopOnShutdownSignals();

  // Blocks until shutdown is requested, then: health NOT_SERVING, the drain
  // delay, Shutdown(grace) letting in-flight calls finish, /metrics off.
  void Wait();

 private:
  ServerOptions options_;
  std::vector<grpc::Service*> services_;
  ServerMetrics metrics_;
  // Before server_: the server's calls leave it as they end.
  std::unique_ptr<CallAdmission> admission_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<MetricsHttpServer> metrics_http_;
  std::atomic<bool> serving_{false};
  int port_ = 0;
  int metrics_port_ = -1;
  absl::Notification shutdown_requested_;
  std::vector<std::function<void()>> shutdown_hooks_;
  std::vector<std::function<void()>> requested_hooks_;
  std::once_flag requested_once_;
  std::thread signal_thread_;
  bool stopped_ = false;
};

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_SERVICE_RUNNER_H_
