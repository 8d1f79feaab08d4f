#include "common/grpc/service_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/call_observer.h"
#include "common/log/json_log.h"

namespace unioncard::rpc {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

ServiceRunner::ServiceRunner(ServerOptions options)
    : options_(std::move(options)) {}

ServiceRunner::~ServiceRunner() {
  if (server_ != nullptr && !stopped_) {
    RequestShutdown();
    Wait();
  }
  if (signal_thread_.joinable()) {
    // The signal thread sits in sigwait(); wake it with a signal only it
    // takes (SIGTERM is blocked everywhere else).
    pthread_kill(signal_thread_.native_handle(), SIGTERM);
    signal_thread_.join();
  }
}

void ServiceRunner::AddService(grpc::Service* service) {
  services_.push_back(service);
}

absl::Status ServiceRunner::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  auto credentials = options_.credentials != nullptr
                         ? options_.credentials
                         : grpc::InsecureServerCredentials();
  builder.AddListeningPort(options_.listen_address, credentials, &port_);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  // Headers up to 64 KiB arrive, so an oversized authorization header is
  // answered UNAUTHENTICATED by AuthenticateCall rather than refused by the
  // transport as RESOURCE_EXHAUSTED.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 64 << 10);
  // A port another process already listens on is an error, not a share:
  // gRPC's default SO_REUSEPORT would let two servers split the calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (options_.max_connection_age > absl::ZeroDuration()) {
    // Channel arguments are ints: at most ~24 days of milliseconds.
    const auto ms = [](absl::Duration d) {
      return static_cast<int>(
          std::min<int64_t>(absl::ToInt64Milliseconds(d), INT32_MAX));
    };
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               ms(options_.max_connection_age));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                               ms(options_.max_connection_age_grace));
  }

  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  admission_ = std::make_unique<CallAdmission>(options_.service_name,
                                               options_.max_concurrent_calls);
  interceptors.push_back(
      std::make_unique<CallObserverFactory>(&metrics_, admission_.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  // The synchronous server keeps at most this many threads waiting for
  // calls. gRPC's default (2 per completion queue) makes a thread that
  // finishes a call exit and a new one start for the next whenever more
  // calls are in flight: 8 concurrent GetMembers ran 18% faster with 16
  // (tests/bench/point_read_bench).
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
      options_.max_waiting_threads);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.listen_address,
                     " (address in use or not local?)"));
  }

  if (options_.metrics_port >= 0) {
    metrics_http_ = std::make_unique<MetricsHttpServer>(
        [this] { return metrics_.RenderPrometheusText(); },
        [this] { return serving_.load(); });
    absl::StatusOr<int> bound =
        metrics_http_->Start(options_.metrics_host, options_.metrics_port);
    if (!bound.ok()) {
      server_->Shutdown();
      return bound.status();
    }
    metrics_port_ = *bound;
  }

  server_->GetHealthCheckService()->SetServingStatus(true);
  serving_ = true;
  log::Info("serving", {{"grpc_port", port_}, {"metrics_port", metrics_port_}});
  return absl::OkStatus();
}

void ServiceRunner::RequestShutdown() {
  std::call_once(requested_once_, [this] {
    for (const auto& hook : requested_hooks_) hook();
    shutdown_requested_.Notify();
  });
}

void ServiceRunner::OnShutdownRequested(std::function<void()> hook) {
  requested_hooks_.push_back(std::move(hook));
}

void ServiceRunner::OnShutdown(std::function<void()> hook) {
  shutdown_hooks_.push_back(std::move(hook));
}

void ServiceRunner::BlockShutdownSignals() {
  sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ServiceRunner::StopOnShutdownSignals() {
  signal_thread_ = std::thread([this] {
    sigset_t set = ShutdownSignals();
    int signal_number = 0;
    if (sigwait(&set, &signal_number) == 0) {
      log::Info("shutdown signal", {{"signal", signal_number}});
      RequestShutdown();
    }
  });
}

void ServiceRunner::Wait() {
  if (server_ == nullptr || stopped_) return;
  shutdown_requested_.WaitForNotification();

  serving_ = false;
  server_->GetHealthCheckService()->SetServingStatus(false);
  log::Info("draining",
            {{"drain_ms", absl::ToInt64Milliseconds(options_.drain_delay)}});
  absl::SleepFor(options_.drain_delay);
  for (const auto& hook : shutdown_hooks_) hook();

  server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
  server_->Wait();
  if (metrics_http_ != nullptr) metrics_http_->Stop();
  stopped_ = true;
  log::Info("stopped");
}

}  // namespace unioncard::rpc
