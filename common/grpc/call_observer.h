#ifndef UNIONCARD_COMMON_GRPC_CALL_OBSERVER_H_
#define UNIONCARD_COMMON_GRPC_CALL_OBSERVER_H_

#include <grpcpp/support/server_interceptor.h>

#include "absl/strings/string_view.h"
#include "common/grpc/call_admission.h"
#include "common/grpc/server_metrics.h"

namespace unioncard::rpc {

// Installed on every server by ServiceRunner. Per call it
//  - takes the caller's x-request-id (or makes one), makes it the thread's
//    current request id for log lines, and echoes it in the response headers;
//  - counts the call in ServerMetrics with its final code and latency;
//  - writes one access log line (health checks at debug level) naming the
//    caller once authenticated;
//  - admits the call against the server's CallAdmission (health checks and
//    reflection are always admitted), leaving the verdict for the handler.
class CallObserverFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  CallObserverFactory(ServerMetrics* metrics, CallAdmission* admission)
      : metrics_(metrics), admission_(admission) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServerMetrics* metrics_;    // owned by the ServiceRunner
  CallAdmission* admission_;  // owned by the ServiceRunner
};

// The full method name of the call this thread serves ("" outside one),
// set before the handler runs so that AuthenticateCall can hold a service
// identity to the RPCs it is granted (common/auth/service_grants.h).
absl::string_view CurrentMethod();

// Who the call this thread serves is, set by AuthenticateCall once the
// token verifies. Every access-log line names the caller's role and unit
// ("county_staff /city/xinhua/"); a failed call's line also names the
// subject (account or member id), so every refusal is logged with its
// caller and, in the error, its target — without a trail of each
// person's successful calls in the log.
void SetCurrentCaller(std::string subject, std::string role_and_unit);

// Accepts a caller-supplied request id only if it is short and plain, so a
// hostile header cannot forge log lines.
bool IsAcceptableRequestId(absl::string_view id);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_CALL_OBSERVER_H_
