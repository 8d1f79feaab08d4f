#ifndef UNIONCARD_COMMON_DB_DB_FLAGS_H_
#define UNIONCARD_COMMON_DB_DB_FLAGS_H_

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"

namespace unioncard::db {

// Flags every service with a database takes (also UNIONCARD_<NAME>):
//   --mysql_host=127.0.0.1  --mysql_port=3306  --mysql_user=…
//   --mysql_password=file:PATH|env:NAME  --mysql_database=…
//   --mysql_pool_size=8
absl::StatusOr<DbOptions> DbOptionsFromFlags();

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_DB_FLAGS_H_
