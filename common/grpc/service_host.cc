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
  runner_->OnShutdown(std::move(hook));
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
  // Whoever asks for the shutdown (Stop(), the signal thread) stops the
  // background work and the other listeners first.
  runner_->OnShutdownRequested([this] {
    StopBackground();
    for (auto& listener : listeners_) listener->RequestShutdown();
  });
  for (auto& listener : listeners_) {
    RETURN_IF_ERROR(listener->Start());
    ServiceRunner* raw = listener.get();
    listener_waiters_.emplace_back([raw] { raw->Wait(); });
  }
  if (absl::Status s = runner_->Start(); !s.ok()) {
    for (auto& listener : listeners_) listener->RequestShutdown();
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
