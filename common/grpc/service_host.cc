#include "common/grpc/service_host.h"

#include "common/grpc/audit_log_service.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::rpc {

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Open(
    Options options) {
  std::unique_ptr<ServiceHost> host(new ServiceHost(std::move(options)));
  ASSIGN_OR_RETURN(host->pool_, db::ConnectionPool::Create(host->options_.db));
  ASSIGN_OR_RETURN(int applied,
                   db::ApplyMigrations(*host->pool_, host->options_.schema));
  log::Info("schema ready", {{"migrations_applied", applied}});
  host->runner_ = std::make_unique<ServiceRunner>(host->options_.server);
  return host;
}

ServiceHost::~ServiceHost() {
  Stop();
  for (std::thread& waiter : listener_waiters_) {
    if (waiter.joinable()) waiter.join();
  }
  // The servers first (nothing calls into a part after this), then the
  // parts last added first, then the pool.
  runner_.reset();
  listeners_.clear();
  while (!parts_.empty()) parts_.pop_back();
}

void ServiceHost::OnDrain(std::function<void()> hook) {
  drain_hooks_.push_back(std::move(hook));
}

ServiceRunner* ServiceHost::AddListener(
    ServerOptions options, const std::vector<grpc::Service*>& services) {
  auto listener = std::make_unique<ServiceRunner>(std::move(options));
  for (grpc::Service* service : services) listener->AddService(service);
  listeners_.push_back(std::move(listener));
  return listeners_.back().get();
}

void ServiceHost::StopBackground() {
  std::call_once(background_stopped_, [this] {
    for (auto it = background_.rbegin(); it != background_.rend(); ++it) {
      it->stop();
    }
  });
}

absl::Status ServiceHost::Start() {
  if (options_.verifier != nullptr) {
    Serve(std::make_unique<AuditLogService>(pool_.get(), options_.verifier));
  }
  // The moment shutdown is asked for (Stop(), the signal thread), the
  // other listeners begin their own drain, in step with the main one.
  runner_->OnShutdownRequested([this] {
    for (auto& listener : listeners_) listener->RequestShutdown();
  });
  // Once health says NOT_SERVING and the drain delay has passed: the
  // background work stops (a round in progress finishes while calls are
  // still served), then what never ends alone is ended, then the calls in
  // flight drain.
  runner_->OnShutdown([this] {
    StopBackground();
    for (const auto& hook : drain_hooks_) hook();
  });
  auto stop_listeners = [this] {
    for (auto& listener : listeners_) listener->RequestShutdown();
  };
  for (auto& listener : listeners_) {
    if (absl::Status s = listener->Start(); !s.ok()) {
      stop_listeners();  // the ones started already end, and are joined
      return s;
    }
    ServiceRunner* raw = listener.get();
    listener_waiters_.emplace_back([raw] { raw->Wait(); });
  }
  if (absl::Status s = runner_->Start(); !s.ok()) {
    stop_listeners();
    return s;
  }
  started_ = true;
  for (const Task& task : background_) task.start();
  return absl::OkStatus();
}

void ServiceHost::ServeUntilSignalled() {
  runner_->StopOnShutdownSignals();
  runner_->Wait();
  Stop();
}

void ServiceHost::Stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  runner_->RequestShutdown();
  runner_->Wait();
  for (std::thread& waiter : listener_waiters_) {
    if (waiter.joinable()) waiter.join();
  }
}

}  // namespace unioncard::rpc
