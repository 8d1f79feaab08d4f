#ifndef UNIONCARD_COMMON_GRPC_STATUS_BRIDGE_H_
#define UNIONCARD_COMMON_GRPC_STATUS_BRIDGE_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace unioncard::rpc {

// The one place absl::Status becomes grpc::Status. Codes map one to one; the
// field violations of an INVALID_ARGUMENT travel as a google.rpc.Status with
// a google.rpc.BadRequest detail in the "grpc-status-details-bin" trailer,
// which any gRPC client library can decode.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients (unionctl, service-to-service calls): keeps the
// field violations so they can be shown or passed upstream.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_STATUS_BRIDGE_H_
