#ifndef UNIONCARD_COMMON_DB_MIGRATIONS_H_
#define UNIONCARD_COMMON_DB_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"

namespace unioncard::db {

// One versioned step of a service's schema. Versions start at 1 and rise by
// one. Once a migration has shipped it never changes: fix it with a new one.
// MySQL commits DDL implicitly, so keep each migration to statements that
// are safe to rerun (CREATE TABLE IF NOT EXISTS …) or to a single statement.
struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;
};

// Brings the schema up to date at start-up and records each step in
// `schema_migrations` (version, name, checksum, applied_at). Replicas starting
// together serialise on a named lock, so each step runs once. Returns the
// number of migrations applied now (0 when already current).
// FAILED_PRECONDITION when an applied migration's text has changed since,
// or when the list is not numbered 1, 2, 3, …
// OK when every migration is applied, unchanged; FAILED_PRECONDITION
// naming the first that is not (with what to run). Reads only.
absl::Status VerifyMigrated(ConnectionPool& pool,
                            const std::vector<Migration>& migrations);

absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool,
                                    const std::vector<Migration>& migrations);

// SHA-256 (hex) of a migration's statements, as recorded.
std::string MigrationChecksum(const Migration& migration);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_MIGRATIONS_H_
