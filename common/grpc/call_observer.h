#ifndef UNIONCARD_COMMON_GRPC_CALL_OBSERVER_H_
#define UNIONCARD_COMMON_GRPC_CALL_OBSERVER_H_

#include <grpcpp/support/server_interceptor.h>

#include "absl/strings/string_view.h"
#include "common/grpc/server_metrics.h"

namespace unioncard::rpc {

// Installed on every server by ServiceRunner. Per call it
//  - takes the caller's x-request-id (or makes one), makes it the thread's
//    current request id for log lines, and echoes it in the response headers;
//  - counts the call in ServerMetrics with its final code and latency;
//  - writes one access log line (health checks at debug level).
class CallObserverFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallObserverFactory(ServerMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServerMetrics* metrics_;  // owned by the ServiceRunner
};

// The full method name of the call this thread serves ("" outside one),
// set before the handler runs so that AuthenticateCall can hold a service
// identity to the RPCs it is granted (common/auth/service_grants.h).
absl::string_view CurrentMethod();

// Accepts a caller-supplied request id only if it is short and plain, so a
// hostile header cannot forge log lines.
bool IsAcceptableRequestId(absl::string_view id);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_CALL_OBSERVER_H_
