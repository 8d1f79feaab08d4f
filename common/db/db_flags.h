#ifndef UNIONCARD_COMMON_DB_DB_FLAGS_H_
#define UNIONCARD_COMMON_DB_DB_FLAGS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"

namespace unioncard::db {

// Flags every service with a database takes (also UNIONCARD_<NAME>):
//   --mysql_host=127.0.0.1  --mysql_port=3306  --mysql_user=…
//   --mysql_password=file:PATH|env:NAME  --mysql_database=…
//   --mysql_pool_size=8     --migrations=apply|verify  --migrate_only
absl::StatusOr<DbOptions> DbOptionsFromFlags();

// --migrate_only: main() applies the schema and exits (MigrateOnly).
bool MigrateOnlyRequested();
// Applies `migrations` over one connection; the number applied now.
absl::StatusOr<int> MigrateOnly(const DbOptions& options,
                                const std::vector<Migration>& migrations);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_DB_FLAGS_H_
