#ifndef UNIONCARD_COMMON_GRPC_AUTHENTICATED_CALL_H_
#define UNIONCARD_COMMON_GRPC_AUTHENTICATED_CALL_H_

#include <grpcpp/server_context.h>

#include <exception>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"
#include "common/grpc/call_admission.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"

namespace unioncard::rpc {

inline constexpr char kAuthorizationMetadataKey[] = "authorization";

// The caller of `context`, from "authorization: Bearer <token>".
// UNAUTHENTICATED when the header is missing or the token does not verify.
absl::StatusOr<auth::Principal> AuthenticateCall(
    const grpc::ServerContext& context, const auth::TokenVerifier& verifier);

// Every RPC handler of every service runs through this: it answers
// RESOURCE_EXHAUSTED when the server is at its limit of calls in progress
// (CallAdmission), authenticates the caller, runs `body(principal)` (which
// returns absl::Status), and maps the result through the one status bridge. An
// exception escaping the body is a bug; it is logged and answered INTERNAL
// instead of taking the server down.
//
//   grpc::Status GetMember(ServerContext* ctx, const Req* req, Resp* resp) {
//     return ServeAuthenticated(*ctx, verifier_, [&](const Principal& who) {
//       return members_.Get(who, *req, resp);
//     });
//   }
template <typename Body>
grpc::Status ServeAuthenticated(const grpc::ServerContext& context,
                                const auth::TokenVerifier& verifier,
                                Body&& body) {
  if (absl::Status admitted = CurrentCallAdmission(); !admitted.ok()) {
    return ToGrpcStatus(admitted);
  }
  absl::StatusOr<auth::Principal> caller = AuthenticateCall(context, verifier);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  try {
    return ToGrpcStatus(body(*caller));
  } catch (const std::exception& e) {
    log::Error("handler threw", {{"what", e.what()}});
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "internal error; the request id is in the server log");
  }
}

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_AUTHENTICATED_CALL_H_
