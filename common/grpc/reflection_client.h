#ifndef UNIONCARD_COMMON_GRPC_REFLECTION_CLIENT_H_
#define UNIONCARD_COMMON_GRPC_REFLECTION_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::rpc {

// The service names a server announces through gRPC server reflection
// (grpc.reflection.v1alpha), as grpcurl's `list` shows them.
// Debian ships the reflection messages compiled inside libgrpc++_reflection
// but not their headers, so this speaks to it through the descriptors that
// library registers.
absl::StatusOr<std::vector<std::string>> ListServicesByReflection(
    const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_REFLECTION_CLIENT_H_
