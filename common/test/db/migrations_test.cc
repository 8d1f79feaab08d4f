#include "common/db/migrations.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "common/db/db_flags.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::db {
namespace {

std::vector<Migration> Schema() {
  return {
      {1,
       "create members",
       {"CREATE TABLE members (id BIGINT PRIMARY KEY AUTO_INCREMENT, "
        "name VARCHAR(30) NOT NULL) ENGINE=InnoDB"}},
      {2,
       "add mobile",
       {"ALTER TABLE members ADD COLUMN mobile VARBINARY(64)"}},
  };
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    pool_ = *ConnectionPool::Create(db_->options());
  }

  std::vector<int> AppliedVersions() {
    std::vector<int> versions;
    EXPECT_TRUE(
        pool_
            ->Run([&](sql::Connection& c) {
              std::unique_ptr<sql::ResultSet> r(
                  std::unique_ptr<sql::Statement>(c.createStatement())
                      ->executeQuery("SELECT version FROM schema_migrations "
                                     "ORDER BY version"));
              while (r->next()) versions.push_back(r->getInt(1));
              return absl::OkStatus();
            })
            .ok());
    return versions;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(MigrationsTest, AppliesEachMigrationOnce) {
  absl::StatusOr<int> first = ApplyMigrations(*pool_, Schema());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 2);
  absl::StatusOr<int> second = ApplyMigrations(*pool_, Schema());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(AppliedVersions(), (std::vector<int>{1, 2}));
}

TEST_F(MigrationsTest, LaterMigrationsApplyOnTopOfEarlierOnes) {
  std::vector<Migration> v1 = Schema();
  v1.pop_back();
  EXPECT_EQ(*ApplyMigrations(*pool_, v1), 1);
  EXPECT_EQ(*ApplyMigrations(*pool_, Schema()), 1);
  EXPECT_EQ(AppliedVersions(), (std::vector<int>{1, 2}));
}

TEST_F(MigrationsTest, ChangedAppliedMigrationIsRefused) {
  ASSERT_TRUE(ApplyMigrations(*pool_, Schema()).ok());
  std::vector<Migration> edited = Schema();
  edited[0].statements[0] += " COMMENT='edited'";
  absl::StatusOr<int> result = ApplyMigrations(*pool_, edited);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("create members"),
            std::string::npos);
}

TEST_F(MigrationsTest, GapInNumberingIsRefusedBeforeTouchingTheDatabase) {
  std::vector<Migration> gap = Schema();
  gap[1].version = 3;
  EXPECT_EQ(ApplyMigrations(*pool_, gap).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*ApplyMigrations(*pool_, Schema()), 2);  // nothing half-done
}

TEST_F(MigrationsTest, BrokenMigrationReportsTheErrorAndRecordsNothing) {
  std::vector<Migration> broken = {{1, "bad sql", {"CREATE TABLEX nope"}}};
  EXPECT_FALSE(ApplyMigrations(*pool_, broken).ok());
  EXPECT_TRUE(AppliedVersions().empty());
}

// Issue 15: the schema's owner migrates once (--migrate_only, an init
// container); serving pods log in with an account that may only read and
// write rows and merely verify that nothing is pending.
TEST_F(MigrationsTest, ARowsOnlyAccountVerifiesWhatTheOwnerMigrated) {
  const std::string user = "rows_" + db_->options().database.substr(0, 20);
  ASSERT_TRUE(pool_
                  ->Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::Statement> s(c.createStatement());
                    s->execute("CREATE USER '" + user +
                               "'@'%' IDENTIFIED BY 'rows-only-pw'");
                    s->execute("GRANT SELECT, INSERT, UPDATE, DELETE ON `" +
                               db_->options().database + "`.* TO '" + user +
                               "'@'%'");
                    return absl::OkStatus();
                  })
                  .ok());
  DbOptions rows_only = db_->options();
  rows_only.user = user;
  rows_only.password = "rows-only-pw";
  rows_only.schema_changes = DbOptions::SchemaChanges::kVerify;
  auto serving = *ConnectionPool::Create(rows_only);

  // Before the owner ran: the serving account refuses to start, saying what
  // to run.
  absl::StatusOr<int> early = ApplyMigrations(*serving, Schema());
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("--migrate_only"), std::string::npos);

  // The owner's --migrate_only run.
  absl::StatusOr<int> migrated = MigrateOnly(db_->options(), Schema());
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  EXPECT_EQ(*migrated, 2);
  absl::StatusOr<int> verified = ApplyMigrations(*serving, Schema());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(*verified, 0);

  // A binary with a newer migration is refused until the owner runs it,
  // and the rows-only account could not have applied it anyway.
  std::vector<Migration> newer = Schema();
  newer.push_back({3,
                   "add employer",
                   {"ALTER TABLE members ADD COLUMN employer VARCHAR(100)"}});
  absl::StatusOr<int> pending = ApplyMigrations(*serving, newer);
  EXPECT_EQ(pending.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(pending.status().message().find("migration 3"), std::string::npos);
  rows_only.schema_changes = DbOptions::SchemaChanges::kApply;
  auto rows_applying = *ConnectionPool::Create(rows_only);
  EXPECT_FALSE(ApplyMigrations(*rows_applying, newer).ok());
  EXPECT_EQ(AppliedVersions(), (std::vector<int>{1, 2}));
  ASSERT_TRUE(pool_
                  ->Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::Statement>(c.createStatement())
                        ->execute("DROP USER '" + user + "'@'%'");
                    return absl::OkStatus();
                  })
                  .ok());
}

}  // namespace
}  // namespace unioncard::db
