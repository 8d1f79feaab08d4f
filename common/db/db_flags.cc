#include "common/db/db_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/secret_source.h"
#include "common/status/macros.h"

ABSL_FLAG(std::string, mysql_host, "127.0.0.1", "MySQL/MariaDB host");
ABSL_FLAG(int, mysql_port, 3306, "MySQL/MariaDB port");
ABSL_FLAG(std::string, mysql_user, "", "database user of this service");
ABSL_FLAG(std::string, mysql_password, "",
          "where the password is: file:PATH or env:NAME (empty: none)");
ABSL_FLAG(std::string, mysql_database, "", "this service's schema");
ABSL_FLAG(int, mysql_pool_size, 8, "connections kept open");
ABSL_FLAG(std::string, mysql_tls_ca, "",
          "CA certificate (PEM file) of the MySQL server: connect over TLS "
          "and verify the server's certificate and name (empty: plain TCP)");
ABSL_FLAG(std::string, migrations, "apply",
          "apply: apply pending schema migrations at start (the account owns "
          "the schema); verify: only check none is pending (an account that "
          "reads and writes rows; see --migrate_only)");
ABSL_FLAG(bool, migrate_only, false,
          "apply the schema migrations and exit (run with the schema owner's "
          "account, e.g. as a Kubernetes init container)");

namespace unioncard::db {

absl::StatusOr<DbOptions> DbOptionsFromFlags() {
  DbOptions options;
  options.host = absl::GetFlag(FLAGS_mysql_host);
  options.port = absl::GetFlag(FLAGS_mysql_port);
  options.user = absl::GetFlag(FLAGS_mysql_user);
  options.database = absl::GetFlag(FLAGS_mysql_database);
  options.pool_size = absl::GetFlag(FLAGS_mysql_pool_size);
  options.tls_ca = absl::GetFlag(FLAGS_mysql_tls_ca);
  const std::string migrations = absl::GetFlag(FLAGS_migrations);
  if (migrations == "verify") {
    options.schema_changes = DbOptions::SchemaChanges::kVerify;
  } else if (migrations != "apply") {
    return absl::InvalidArgumentError("--migrations must be apply or verify");
  }
  if (absl::GetFlag(FLAGS_migrate_only)) {
    options.schema_changes = DbOptions::SchemaChanges::kApply;
  }
  if (options.user.empty() || options.database.empty()) {
    return absl::InvalidArgumentError(
        "--mysql_user and --mysql_database are required");
  }
  const std::string password_source = absl::GetFlag(FLAGS_mysql_password);
  if (!password_source.empty()) {
    absl::StatusOr<std::string> password = config::ReadSecret(password_source);
    if (!password.ok()) {
      return absl::Status(
          password.status().code(),
          absl::StrCat("--mysql_password: ", password.status().message()));
    }
    options.password = *std::move(password);
  }
  return options;
}

bool MigrateOnlyRequested() { return absl::GetFlag(FLAGS_migrate_only); }

absl::StatusOr<int> MigrateOnly(const DbOptions& options,
                                const std::vector<Migration>& migrations) {
  DbOptions one = options;
  one.pool_size = 1;
  one.schema_changes = DbOptions::SchemaChanges::kApply;
  ASSIGN_OR_RETURN(std::unique_ptr<ConnectionPool> pool,
                   ConnectionPool::Create(one));
  return ApplyMigrations(*pool, migrations);
}

}  // namespace unioncard::db
