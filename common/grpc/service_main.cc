#include "common/grpc/service_main.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "common/grpc/server_flags.h"
#include "common/log/json_log.h"

namespace unioncard::rpc {

absl::StatusOr<ServiceBasics> ServiceBasicsFromFlags(
    const std::string& service_name) {
  ServiceBasics basics;
  basics.server = ServerOptionsFromFlags(service_name);
  absl::StatusOr<db::DbOptions> db = db::DbOptionsFromFlags();
  if (!db.ok()) {
    return absl::Status(
        db.status().code(),
        absl::StrCat("database flags: ", db.status().message()));
  }
  basics.db = *db;
  absl::StatusOr<auth::TokenVerifier> verifier = TokenVerifierFromFlags();
  if (!verifier.ok()) {
    return absl::Status(
        verifier.status().code(),
        absl::StrCat("--token_verify_keys: ", verifier.status().message()));
  }
  basics.verifier = *verifier;
  return basics;
}

int MigrateOnlyMain(const std::string& service_name,
                    const std::vector<db::Migration>& migrations) {
  absl::StatusOr<db::DbOptions> db = db::DbOptionsFromFlags();
  if (!db.ok()) return FailToStart("bad database flags", db.status());
  absl::StatusOr<int> applied = db::MigrateOnly(*db, migrations);
  if (!applied.ok()) return FailToStart("migrations failed", applied.status());
  log::Info("schema migrated", {{"service", service_name},
                                {"migrations_applied", *applied},
                                {"database", db->database}});
  return 0;
}

absl::StatusOr<std::string> ReadServiceToken(const std::string& source,
                                             const std::string& flag_name) {
  absl::StatusOr<std::string> token = config::ReadSecret(source);
  if (!token.ok()) {
    return absl::Status(
        token.status().code(),
        absl::StrCat("--", flag_name, ": ", token.status().message()));
  }
  return std::string(absl::StripAsciiWhitespace(*token));
}

int FailToStart(const char* what, const absl::Status& status) {
  log::Error(what, {{"error", status.ToString()}});
  return 1;
}

}  // namespace unioncard::rpc
