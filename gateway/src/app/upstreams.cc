#include "gateway/src/app/upstreams.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace unioncard::gateway {
namespace {

std::string PackageOf(const std::string& method) {
  // "unioncard.member.v1.MemberService/GetMember" → "unioncard.member.v1"
  std::string service = method.substr(0, method.find('/'));
  size_t dot = service.rfind('.');
  return dot == std::string::npos ? "" : service.substr(0, dot);
}

}  // namespace

Upstreams::Upstreams(const std::map<std::string, std::string>& targets)
    : targets_(targets) {
  for (const auto& [package, target] : targets_) {
    channels_[package] = rpc::MakeChannel(target);
  }
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Upstreams::ChannelFor(
    const std::string& method) const {
  auto it = channels_.find(PackageOf(method));
  if (it == channels_.end()) {
    return absl::NotFoundError(
        absl::StrCat("no service is configured for ", method));
  }
  return it->second;
}

absl::StatusOr<std::string> Upstreams::CallUnary(
    const std::string& method, const std::string& request_bytes,
    const std::string& token, absl::Duration deadline) const {
  return CallUnaryAt(PackageOf(method), method, request_bytes, token, deadline);
}

absl::StatusOr<std::string> Upstreams::CallUnaryAt(
    const std::string& package, const std::string& method,
    const std::string& request_bytes, const std::string& token,
    absl::Duration deadline) const {
  auto it = channels_.find(package);
  if (it == channels_.end()) {
    return absl::NotFoundError(
        absl::StrCat("no service is configured for ", package));
  }
  std::shared_ptr<grpc::Channel> channel = it->second;
  grpc::GenericStub stub(channel);
  auto context = rpc::OutboundContext(deadline);
  rpc::SetBearerToken(*context, token);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(context.get(), absl::StrCat("/", method), grpc::StubOptions(),
                 &request, &response, [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (!status.ok()) return rpc::FromGrpcStatus(status);
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) {
    return absl::InternalError("could not read the service's answer");
  }
  std::string out;
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

absl::Status Upstreams::CheckAllServing(absl::Duration deadline) const {
  std::vector<std::string> down;
  for (const auto& [package, channel] : channels_) {
    auto stub = grpc::health::v1::Health::NewStub(channel);
    auto context = rpc::OutboundContext(deadline);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status s = stub->Check(
        context.get(), grpc::health::v1::HealthCheckRequest(), &response);
    if (!s.ok() ||
        response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      down.push_back(absl::StrCat(package, " at ", targets_.at(package)));
    }
  }
  if (down.empty()) return absl::OkStatus();
  return absl::UnavailableError(
      absl::StrCat("not serving: ", absl::StrJoin(down, ", ")));
}

}  // namespace unioncard::gateway
