#include "common/grpc/server_flags.h"

#include <algorithm>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/secret_source.h"
#include "common/log/json_log.h"

ABSL_FLAG(std::string, listen, "0.0.0.0:50051",
          "gRPC listen address; port 0 picks a free port");
ABSL_FLAG(int, metrics_port, 9090,
          "HTTP port for /metrics and /healthz; 0 picks one, -1 disables");
ABSL_FLAG(std::string, metrics_host, "127.0.0.1",
          "address /metrics and /healthz listen on; they have no "
          "authentication, so loopback unless a NetworkPolicy guards the "
          "port (Kubernetes: 0.0.0.0)");
ABSL_FLAG(int, drain_seconds, 0,
          "seconds to report NOT_SERVING before stopping on SIGTERM");
ABSL_FLAG(int, shutdown_grace_seconds, 10,
          "seconds in-flight calls get to finish on shutdown");
ABSL_FLAG(int, max_connection_age_seconds, 300,
          "close each client connection after this long (its calls get "
          "--max_connection_age_grace_seconds to finish) so clients re-resolve "
          "DNS and reach pods added since; 0 keeps connections forever");
ABSL_FLAG(int, max_connection_age_grace_seconds, 30,
          "how long calls on an aged connection may still run");
ABSL_FLAG(int, max_concurrent_calls, 128,
          "calls worked on at once; more are answered RESOURCE_EXHAUSTED "
          "(0 = no limit)");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, token_verify_keys, "",
          "public keys that verify caller tokens: file:PATH or env:NAME");

namespace unioncard::rpc {

ServerOptions ServerOptionsFromFlags(std::string service_name) {
  const std::string level = absl::GetFlag(FLAGS_log_level);
  log::SetMinimumLevel(level == "debug"     ? log::Level::kDebug
                       : level == "warning" ? log::Level::kWarning
                       : level == "error"   ? log::Level::kError
                                            : log::Level::kInfo);
  log::SetServiceName(service_name);

  ServerOptions options;
  options.service_name = std::move(service_name);
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.metrics_host = absl::GetFlag(FLAGS_metrics_host);
  options.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  options.drain_delay = absl::Seconds(absl::GetFlag(FLAGS_drain_seconds));
  options.shutdown_grace =
      absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds));
  options.max_concurrent_calls = absl::GetFlag(FLAGS_max_concurrent_calls);
  options.max_connection_age = absl::Seconds(
      std::max(0, absl::GetFlag(FLAGS_max_connection_age_seconds)));
  options.max_connection_age_grace = absl::Seconds(
      std::max(0, absl::GetFlag(FLAGS_max_connection_age_grace_seconds)));
  return options;
}

absl::StatusOr<auth::TokenVerifier> TokenVerifierFromFlags() {
  absl::StatusOr<std::string> keys =
      config::ReadSecret(absl::GetFlag(FLAGS_token_verify_keys));
  if (!keys.ok()) {
    return absl::Status(
        keys.status().code(),
        absl::StrCat("--token_verify_keys: ", keys.status().message()));
  }
  return auth::TokenVerifier::FromJson(*keys);
}

}  // namespace unioncard::rpc
