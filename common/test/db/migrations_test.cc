#include "common/db/migrations.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

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

}  // namespace
}  // namespace unioncard::db
