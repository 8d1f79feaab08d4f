#ifndef UNIONCARD_COMMON_GRPC_CALL_AS_H_
#define UNIONCARD_COMMON_GRPC_CALL_AS_H_

#include <grpcpp/client_context.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"

namespace unioncard::rpc {

// One unary call as a caller holding `token`, the answer as absl: callers
// (clients, tests) write CallAs(stub, &Stub::GetCard, token, request) and
// get the response or the status (field violations kept).
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallAs(
    Stub& stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                 Response*),
    const std::string& token, const Request& request,
    absl::Duration deadline = absl::Seconds(60)) {
  auto context = OutboundContext(deadline);
  SetBearerToken(*context, token);
  Response out;
  absl::Status s = FromGrpcStatus((stub.*method)(context.get(), request, &out));
  if (!s.ok()) return s;
  return out;
}

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_CALL_AS_H_
