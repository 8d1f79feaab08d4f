#ifndef UNIONCARD_COMMON_GRPC_CLIENT_H_
#define UNIONCARD_COMMON_GRPC_CLIENT_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace unioncard::rpc {

// Every client call has a deadline. These build the ClientContext for one.

// A call made while serving `upstream`: it inherits the upstream deadline
// (never later than now + `timeout`) and cancellation, and carries the same
// x-request-id so one request can be followed through every service's log.
std::unique_ptr<grpc::ClientContext> DownstreamContext(
    const grpc::ServerContext& upstream, absl::Duration timeout);

// A call that starts a request (unionctl, a scheduled job): a fresh request
// id, or the thread's current one when there is one.
std::unique_ptr<grpc::ClientContext> OutboundContext(absl::Duration timeout);

// Adds "authorization: Bearer <token>".
void SetBearerToken(grpc::ClientContext& context, absl::string_view token);

// A channel to `target` ("127.0.0.1:50051", "dns:///member-svc:50051")
// with the default service config below. Insecure unless credentials given.
std::shared_ptr<grpc::Channel> MakeChannel(
    const std::string& target,
    std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// The gRPC service config every channel uses: round-robin over all
// resolved addresses, and retry UNAVAILABLE only (the one code that says
// "nothing happened, try again"), with backoff.
const char* DefaultServiceConfigJson();

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_CLIENT_H_
