// SqlQuery against a real MariaDB: optional conditions bind their own
// values, and a text whose `?` and values differ is refused, not run.
#include "common/db/sql_query.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <optional>

#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::db {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SqlQueryTest, PlaceholdersInsideQuotesAreNotCounted) {
  EXPECT_EQ(CountPlaceholders("SELECT 1 FROM t WHERE a = ? AND b = ?"), 2);
  EXPECT_EQ(CountPlaceholders("SELECT '?' , \"?\", `a?` FROM t WHERE c = ?"),
            1);
  EXPECT_EQ(CountPlaceholders("SELECT 'it\\'s ?' FROM t WHERE c = ?"), 1);
  EXPECT_EQ(CountPlaceholders(""), 0);
}

TEST(SqlQueryTest, EachPartKeepsItsOwnValuesInOrder) {
  SqlQuery q("SELECT id FROM t WHERE id > ?", {int64_t{5}});
  q.And("county = ?", {std::string("xinhua")})
      .And("open = 1")
      .Append(" ORDER BY id LIMIT ?", {int64_t{10}});
  EXPECT_EQ(q.sql(),
            "SELECT id FROM t WHERE id > ? AND county = ? AND open = 1 "
            "ORDER BY id LIMIT ?");
  EXPECT_THAT(q.values(),
              ElementsAre(SqlValue(int64_t{5}), SqlValue(std::string("xinhua")),
                          SqlValue(int64_t{10})));
}

class SqlQueryDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    pool_ = *ConnectionPool::Create(db_->options());
    ASSERT_TRUE(
        ApplyMigrations(
            *pool_,
            {{1,
              "cards",
              {"CREATE TABLE cards (id BIGINT PRIMARY KEY, county_id "
               "VARCHAR(32), state INT)",
               "INSERT INTO cards VALUES (1, 'xinhua', 4), (2, 'xinhua', 5), "
               "(3, 'yunhe', 4), (4, 'yunhe', 4)"}}})
            .ok());
  }

  // The ids a filtered list returns, as card-svc's queries build it.
  std::vector<int64_t> Ids(std::optional<std::string> county,
                           std::optional<int64_t> state) {
    SqlQuery q("SELECT id FROM cards WHERE id > ?", {int64_t{0}});
    if (county) q.And("county_id = ?", {*county});
    if (state) q.And("state = ?", {*state});
    q.Append(" ORDER BY id LIMIT ?", {int64_t{10}});
    std::vector<int64_t> ids;
    absl::Status s = pool_->Run([&](sql::Connection& c) {
      std::unique_ptr<sql::ResultSet> rows(q.Prepare(c)->executeQuery());
      while (rows->next()) ids.push_back(rows->getInt64(1));
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return ids;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(SqlQueryDbTest, OptionalConditionsFilterWithTheirOwnValues) {
  EXPECT_THAT(Ids(std::nullopt, std::nullopt), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(Ids("xinhua", std::nullopt), ElementsAre(1, 2));
  EXPECT_THAT(Ids(std::nullopt, 4), ElementsAre(1, 3, 4));
  EXPECT_THAT(Ids("yunhe", 5), ElementsAre());
  EXPECT_THAT(Ids("xinhua", 5), ElementsAre(2));
}

TEST_F(SqlQueryDbTest, TextAndValuesThatDisagreeAreAnErrorNotARun) {
  SqlQuery q("UPDATE cards SET state = ? WHERE id = ?", {int64_t{9}});
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    q.Prepare(c)->executeUpdate();
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(s.message()), HasSubstr("2 placeholders, 1 values"));
}

}  // namespace
}  // namespace unioncard::db
