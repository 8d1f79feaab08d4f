#ifndef UNIONCARD_COMMON_GRPC_SERVICE_MAIN_H_
#define UNIONCARD_COMMON_GRPC_SERVICE_MAIN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/grpc/service_runner.h"

namespace unioncard::rpc {

// What every service's main() reads from the common flags: how to serve,
// which database, whose tokens to trust.
struct ServiceBasics {
  ServerOptions server;
  db::DbOptions db;
  auth::TokenVerifier verifier{{}};
};

// From --listen, --metrics_port, …, --mysql_*, --token_verify_keys; the
// error names the flag at fault.
absl::StatusOr<ServiceBasics> ServiceBasicsFromFlags(
    const std::string& service_name);

// A service's own token for another service (file:PATH or env:NAME),
// surrounding whitespace removed; the error names `flag_name`.
absl::StatusOr<std::string> ReadServiceToken(const std::string& source,
                                             const std::string& flag_name);

// --migrate_only (db::MigrateOnlyRequested()): applies `migrations` with the
// --mysql_* account — the schema owner's — and returns main()'s exit code;
// nothing else is read or started. For a Kubernetes init container.
int MigrateOnlyMain(const std::string& service_name,
                    const std::vector<db::Migration>& migrations);

// Logs why the service cannot start; returns main()'s exit code (1).
int FailToStart(const char* what, const absl::Status& status);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_SERVICE_MAIN_H_
