#include "common/grpc/status_bridge.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/status/field_violations.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace unioncard::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());

  auto bad_request = status.GetPayload(status::kBadRequestTypeUrl);
  if (!bad_request.has_value()) return grpc::Status(code, message);

  google::rpc::Status detail;
  detail.set_code(static_cast<int>(code));
  detail.set_message(message);
  auto* any = detail.add_details();
  any->set_type_url(status::kBadRequestTypeUrl);
  any->set_value(std::string(*bad_request));
  return grpc::Status(code, message, detail.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  if (status.error_details().empty()) return out;
  google::rpc::Status detail;
  if (!detail.ParseFromString(status.error_details())) return out;
  for (const auto& any : detail.details()) {
    if (any.type_url() == status::kBadRequestTypeUrl) {
      out.SetPayload(status::kBadRequestTypeUrl, absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace unioncard::rpc
