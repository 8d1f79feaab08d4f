#include "common/grpc/status_bridge.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace unioncard::rpc {
namespace {

// Messages travel in a header (and again in the details trailer); gRPC's
// default metadata limit is 8 KiB. Messages should quote caller input only
// through status::Echo; this is the safety net for one that does not.
constexpr int kMaxMessageCharacters = 1024;
// The BadRequest detail travels base64-encoded in a trailer: past this many
// bytes the remaining violations are summed up in one last entry.
constexpr size_t kMaxDetailBytes = 2048;

std::string BoundedBadRequest(const absl::Cord& payload) {
  google::rpc::BadRequest all;
  if (payload.size() <= kMaxDetailBytes ||
      !all.ParseFromString(std::string(payload))) {
    return std::string(payload);
  }
  google::rpc::BadRequest kept;
  int index = 0;
  for (; index < all.field_violations_size(); ++index) {
    google::rpc::BadRequest::FieldViolation v = all.field_violations(index);
    v.set_description(status::Echo(v.description(), 200));
    v.set_field(status::Echo(v.field(), 100));
    if (kept.ByteSizeLong() + v.ByteSizeLong() + 64 > kMaxDetailBytes) break;
    *kept.add_field_violations() = std::move(v);
  }
  if (index < all.field_violations_size()) {
    auto* more = kept.add_field_violations();
    more->set_description(
        absl::StrCat("and ", all.field_violations_size() - index,
                     " more problems not listed; fix these and send again"));
  }
  return kept.SerializeAsString();
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message =
      status::Echo(status.message(), kMaxMessageCharacters);

  auto bad_request = status.GetPayload(status::kBadRequestTypeUrl);
  if (!bad_request.has_value()) return grpc::Status(code, message);

  google::rpc::Status detail;
  detail.set_code(static_cast<int>(code));
  detail.set_message(message);
  auto* any = detail.add_details();
  any->set_type_url(status::kBadRequestTypeUrl);
  any->set_value(BoundedBadRequest(*bad_request));
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
