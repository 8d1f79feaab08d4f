#ifndef UNIONCARD_COMMON_GRPC_SERVER_FLAGS_H_
#define UNIONCARD_COMMON_GRPC_SERVER_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/grpc/service_runner.h"

ABSL_DECLARE_FLAG(std::string, metrics_host);

namespace unioncard::rpc {

// Flags every service takes (each also settable as UNIONCARD_<NAME>):
//   --listen=0.0.0.0:50051      --metrics_port=9090
//   --metrics_host=127.0.0.1    (0.0.0.0 for a Prometheus on another host)
//   --drain_seconds=0           --shutdown_grace_seconds=10
//   --log_level=info            --token_verify_keys=file:PATH|env:NAME
//   --max_connection_age_seconds=300 --max_connection_age_grace_seconds=30
ServerOptions ServerOptionsFromFlags(std::string service_name);

// The token verifier from --token_verify_keys.
absl::StatusOr<auth::TokenVerifier> TokenVerifierFromFlags();

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_SERVER_FLAGS_H_
