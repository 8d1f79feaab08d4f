#ifndef UNIONCARD_COMMON_GRPC_SERVICE_HOST_H_
#define UNIONCARD_COMMON_GRPC_SERVICE_HOST_H_

#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/grpc/service_runner.h"

namespace unioncard::rpc {

// The life of a service process, in one order for every service
// (docs/architecture.md §2.5):
//   Open   the database pool, the schema brought up to date;
//   build  the service's parts (Keep), its gRPC services (Serve) and its
//          background work (InBackground: feed followers, periodic jobs);
//   Start  serve (the AuditLog service beside the service's own), then
//          start the background work;
//   stop   on Stop() or SIGTERM: health turns NOT_SERVING (the other
//          listeners start their drain too), then after the drain delay the
//          background work stops (last added first; a round in progress
//          finishes while calls are still served), the OnDrain hooks end
//          the calls that never end on their own (event streams), the calls
//          in flight drain, and the parts are destroyed last added first,
//          the pool after them.
//
//   ASSIGN_OR_RETURN(auto host, rpc::ServiceHost::Open(
//       {db, MemberSchema(), server_options, &verifier}));
//   auto* members = host->Keep(std::make_unique<MemberStore>(host->pool()));
//   host->Serve(std::make_unique<MemberService>(members));
//   host->InBackground(std::make_unique<PeriodicWorker>(...));
//   RETURN_IF_ERROR(host->Start());
//   host->ServeUntilSignalled();  // main(); tests call Stop() instead
class ServiceHost {
 public:
  struct Options {
    db::DbOptions db;
    std::vector<db::Migration> schema;
    ServerOptions server;
    // Checks the tokens of AuditLog calls; must outlive the host.
    const auth::TokenVerifier* verifier = nullptr;
  };

  static absl::StatusOr<std::unique_ptr<ServiceHost>> Open(Options options);
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  db::ConnectionPool* pool() const { return pool_.get(); }
  ServiceRunner& runner() { return *runner_; }
  int port() const { return runner_->port(); }

  // Keeps `part` for the host's life; returns it.
  template <class T>
  T* Keep(std::unique_ptr<T> part) {
    T* raw = part.get();
    parts_.push_back(std::shared_ptr<void>(std::move(part)));
    return raw;
  }
  // Keeps a gRPC service and serves it on the host's port.
  template <class S>
  S* Serve(std::unique_ptr<S> service) {
    S* raw = Keep(std::move(service));
    runner_->AddService(raw);
    return raw;
  }
  // Keeps a part with Start() and Stop(): started once the host serves,
  // stopped once shutdown has begun, before the OnDrain hooks.
  template <class T>
  T* InBackground(std::unique_ptr<T> task) {
    T* raw = Keep(std::move(task));
    background_.push_back({[raw] { raw->Start(); }, [raw] { raw->Stop(); }});
    return raw;
  }
  // Runs `hook` once shutdown begins, before in-flight calls are drained.
  void OnDrain(std::function<void()> hook);
  // A second server of the process (card-svc's bank link), serving
  // `services` (kept by the caller or the host), started before the main
  // one and shut down with it.
  ServiceRunner* AddListener(ServerOptions options,
                             const std::vector<grpc::Service*>& services);

  absl::Status Start();
  // For main(): SIGTERM or SIGINT stops the host; returns once it stopped.
  void ServeUntilSignalled();
  // Stops the host (idempotent); a host never started just lets go.
  void Stop();

 private:
  struct Task {
    std::function<void()> start, stop;
  };
  explicit ServiceHost(Options options) : options_(std::move(options)) {}
  void StopBackground();

  Options options_;
  // Declared first, destroyed last: every part may use it.
  std::unique_ptr<db::ConnectionPool> pool_;
  std::vector<std::shared_ptr<void>> parts_;
  std::vector<Task> background_;
  std::vector<std::function<void()>> drain_hooks_;
  std::once_flag background_stopped_;
  std::vector<std::unique_ptr<ServiceRunner>> listeners_;
  std::vector<std::thread> listener_waiters_;
  std::unique_ptr<ServiceRunner> runner_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_SERVICE_HOST_H_
