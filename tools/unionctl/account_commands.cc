#include "tools/unionctl/account_commands.h"

#include "absl/strings/str_cat.h"
#include "common/db/migrations.h"
#include "common/status/macros.h"
#include "gateway/src/app/account_admin.h"
#include "gateway/src/store/schema.h"

namespace unioncard::unionctl {

absl::StatusOr<std::string> BootstrapAccount(const db::DbOptions& db,
                                             const std::string& username,
                                             const std::string& display_name) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::ConnectionPool> pool,
                   db::ConnectionPool::Create(db));
  // The gateway may not have started yet: its schema is made the same way,
  // unless the account may only write rows (--migrations=verify, as in the
  // Kubernetes deployment, where the migrate init container made it).
  if (db.schema_changes == db::DbOptions::SchemaChanges::kVerify) {
    RETURN_IF_ERROR(db::VerifyMigrated(*pool, gateway::GatewaySchema()));
  } else {
    RETURN_IF_ERROR(
        db::ApplyMigrations(*pool, gateway::GatewaySchema()).status());
  }
  gateway::AccountStore accounts(pool.get());
  gateway::PasswordHasher hasher;
  ASSIGN_OR_RETURN(gateway::AccountWithPassword made,
                   gateway::AccountAdmin::Bootstrap(accounts, hasher, username,
                                                    display_name));
  return absl::StrCat("city admin \"", made.account.username,
                      "\" created; one-time password (change it at first "
                      "login): ",
                      made.temporary_password, "\n");
}

}  // namespace unioncard::unionctl
