#include "common/db/migrations.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <openssl/sha.h>

#include <map>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::db {
namespace {

constexpr char kLockName[] = "unioncard.schema_migrations";
constexpr int kLockTimeoutSeconds = 60;

constexpr char kCreateTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INT          NOT NULL PRIMARY KEY,
  name       VARCHAR(200) NOT NULL,
  checksum   CHAR(64)     NOT NULL,
  applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql";

absl::Status CheckNumbering(const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration \"", migrations[i].name, "\" has version ",
                       migrations[i].version, "; expected ", i + 1));
    }
  }
  return absl::OkStatus();
}

// Holds a MySQL named lock for the life of the object.
class NamedLock {
 public:
  explicit NamedLock(sql::Connection& connection) : connection_(connection) {}
  absl::Status Take() {
    std::unique_ptr<sql::PreparedStatement> get(
        connection_.prepareStatement("SELECT GET_LOCK(?, ?)"));
    get->setString(1, kLockName);
    get->setInt(2, kLockTimeoutSeconds);
    std::unique_ptr<sql::ResultSet> result(get->executeQuery());
    held_ = result->next() && !result->isNull(1) && result->getInt(1) == 1;
    if (!held_) {
      return absl::UnavailableError(
          "another replica has been migrating the schema for over a minute");
    }
    return absl::OkStatus();
  }
  ~NamedLock() {
    if (!held_) return;
    try {
      std::unique_ptr<sql::PreparedStatement> release(
          connection_.prepareStatement("SELECT RELEASE_LOCK(?)"));
      release->setString(1, kLockName);
      std::unique_ptr<sql::ResultSet>(release->executeQuery());
    } catch (const sql::SQLException&) {
      // the lock dies with the connection anyway
    }
  }

 private:
  sql::Connection& connection_;
  bool held_ = false;
};

}  // namespace

std::string MigrationChecksum(const Migration& migration) {
  std::string text;
  for (const std::string& statement : migration.statements) {
    text += statement;
    text.push_back('\0');  // statement boundary
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

absl::Status VerifyMigrated(ConnectionPool& pool,
                            const std::vector<Migration>& migrations) {
  std::map<int, std::string> applied;  // version -> checksum
  absl::Status read = pool.Run([&](sql::Connection& connection) {
    std::unique_ptr<sql::Statement> select(connection.createStatement());
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery(
        "SELECT version, checksum FROM schema_migrations"));
    while (rows->next()) applied[rows->getInt(1)] = rows->getString(2);
    return absl::OkStatus();
  });
  if (!read.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot read schema_migrations (", read.message(),
        "): run this binary once with --migrate_only and the schema owner's "
        "account"));
  }
  for (const Migration& migration : migrations) {
    auto done = applied.find(migration.version);
    if (done == applied.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", migration.version, " (", migration.name,
          ") is not applied: run this binary once with --migrate_only and "
          "the schema owner's account"));
    }
    if (done->second != MigrationChecksum(migration)) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", migration.version, " (", migration.name,
                       ") differs from the one applied"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool,
                                    const std::vector<Migration>& migrations) {
  if (absl::Status s = CheckNumbering(migrations); !s.ok()) return s;
  if (pool.options().schema_changes == DbOptions::SchemaChanges::kVerify) {
    RETURN_IF_ERROR(VerifyMigrated(pool, migrations));
    return 0;
  }
  int applied_now = 0;
  absl::Status status = pool.Run([&](sql::Connection& connection) {
    std::unique_ptr<sql::Statement> ddl(connection.createStatement());
    ddl->execute(kCreateTable);

    NamedLock lock(connection);
    if (absl::Status s = lock.Take(); !s.ok()) return s;

    std::map<int, std::string> applied;  // version -> checksum
    {
      std::unique_ptr<sql::ResultSet> rows(
          ddl->executeQuery("SELECT version, checksum FROM schema_migrations"));
      while (rows->next()) applied[rows->getInt(1)] = rows->getString(2);
    }

    for (const Migration& migration : migrations) {
      const std::string checksum = MigrationChecksum(migration);
      auto done = applied.find(migration.version);
      if (done != applied.end()) {
        if (done->second != checksum) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", migration.version, " (", migration.name,
              ") was changed after it was applied; add a new migration "
              "instead"));
        }
        continue;
      }
      for (const std::string& statement : migration.statements) {
        ddl->execute(statement);
      }
      std::unique_ptr<sql::PreparedStatement> record(
          connection.prepareStatement(
              "INSERT INTO schema_migrations (version, name, checksum) "
              "VALUES (?, ?, ?)"));
      record->setInt(1, migration.version);
      record->setString(2, migration.name);
      record->setString(3, checksum);
      record->executeUpdate();
      ++applied_now;
      log::Info("schema migration applied",
                {{"version", migration.version}, {"name", migration.name}});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return applied_now;
}

}  // namespace unioncard::db
