#include "common/grpc/client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log/request_id.h"

namespace unioncard::rpc {
namespace {

std::chrono::system_clock::time_point Deadline(absl::Duration timeout) {
  return absl::ToChronoTime(absl::Now() + timeout);
}

}  // namespace

std::unique_ptr<grpc::ClientContext> DownstreamContext(
    const grpc::ServerContext& upstream, absl::Duration timeout) {
  // FromServerContext links the calls: gRPC cancels the child when the
  // parent is cancelled and caps the child's deadline at the parent's.
  std::unique_ptr<grpc::ClientContext> context =
      grpc::ClientContext::FromServerContext(upstream);
  context->set_deadline(Deadline(timeout));
  // The server interceptor has vetted (or made) the thread's request id;
  // fall back to the raw header for calls made off the handler thread.
  std::string request_id = log::CurrentRequestId();
  if (request_id.empty()) {
    const auto& incoming = upstream.client_metadata();
    auto it = incoming.find(log::kRequestIdMetadataKey);
    if (it != incoming.end()) {
      request_id.assign(it->second.data(), it->second.size());
    }
  }
  if (request_id.empty()) request_id = log::NewRequestId();
  context->AddMetadata(log::kRequestIdMetadataKey, request_id);
  return context;
}

std::unique_ptr<grpc::ClientContext> OutboundContext(absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(Deadline(timeout));
  const std::string& current = log::CurrentRequestId();
  context->AddMetadata(log::kRequestIdMetadataKey,
                       current.empty() ? log::NewRequestId() : current);
  return context;
}

void SetBearerToken(grpc::ClientContext& context, absl::string_view token) {
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

std::shared_ptr<grpc::Channel> MakeChannel(
    const std::string& target,
    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  if (credentials == nullptr) credentials = grpc::InsecureChannelCredentials();
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(DefaultServiceConfigJson());
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(target, credentials, args);
}

const char* DefaultServiceConfigJson() {
  // round_robin spreads calls over every address a name resolves to (the
  // pods behind a headless Kubernetes Service); one address works as usual.
  return R"json({
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.1s",
      "maxBackoff": "2s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})json";
}

}  // namespace unioncard::rpc
