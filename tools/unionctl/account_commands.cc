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
  // The gateway may not have started yet: its schema is made the same way.
  RETURN_IF_ERROR(
      db::ApplyMigrations(*pool, gateway::GatewaySchema()).status());
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
