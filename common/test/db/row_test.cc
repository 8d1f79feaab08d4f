// db::Row against a real MariaDB: columns are read by name whatever their
// order, a name the query lacks is an error, and a stored state no codec
// knows is DATA_LOSS that leaves nothing of the transaction behind.
#include "common/db/row.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::db {
namespace {

using ::testing::HasSubstr;

enum class Light { kRed = 1, kAmber, kGreen };
constexpr auto kLightColumn = codec::MakeEnumCodec<Light, int>(
    "traffic light",
    {{Light::kRed, 10}, {Light::kAmber, 20}, {Light::kGreen, 30}});
static_assert(kLightColumn.CoversRange(Light::kRed, Light::kGreen));

struct Lamp {
  int64_t id = 0;
  std::string street;
  Light light = Light::kRed;
  std::optional<absl::CivilDay> fixed_on;
  std::optional<absl::Time> checked_at;
};

Lamp ReadLamp(const Row& row) {
  return {row.Int64("id"), row.String("street"),
          row.Enum("light", kLightColumn), row.OptionalDay("fixed_on"),
          row.OptionalTime("checked_at")};
}

class RowTest : public ::testing::Test {
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
              "lamps",
              {"CREATE TABLE lamps (id BIGINT PRIMARY KEY, street "
               "VARCHAR(32), light INT NOT NULL, fixed_on DATE NULL, "
               "checked_at TIMESTAMP(6) NULL)",
               "INSERT INTO lamps VALUES (1, 'Yunhe Rd', 20, '2026-11-30', "
               "'2026-12-01 02:03:04.500000'), (2, 'Jiefang Rd', 30, NULL, "
               "NULL), (3, 'Broken Rd', 99, NULL, NULL)"}}})
            .ok());
  }

  absl::StatusOr<Lamp> Get(const std::string& select, int64_t id) {
    Lamp lamp;
    absl::Status s = pool_->Run([&](sql::Connection& c) -> absl::Status {
      std::unique_ptr<sql::PreparedStatement> q(c.prepareStatement(select));
      q->setInt64(1, id);
      std::unique_ptr<sql::ResultSet> rows(q->executeQuery());
      if (!rows->next()) return absl::NotFoundError("no lamp");
      lamp = ReadLamp(Row(*rows));
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return lamp;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(RowTest, ReadsColumnsByNameWhateverTheirOrder) {
  for (const char* select : {"SELECT id, street, light, fixed_on, checked_at "
                             "FROM lamps WHERE id = ?",
                             "SELECT checked_at, fixed_on, light, street, id "
                             "FROM lamps WHERE id = ?"}) {
    absl::StatusOr<Lamp> lamp = Get(select, 1);
    ASSERT_TRUE(lamp.ok()) << lamp.status();
    EXPECT_EQ(lamp->id, 1);
    EXPECT_EQ(lamp->street, "Yunhe Rd");
    EXPECT_EQ(lamp->light, Light::kAmber);
    EXPECT_EQ(lamp->fixed_on, absl::CivilDay(2026, 11, 30));
    EXPECT_EQ(lamp->checked_at,
              absl::FromUnixMicros(1796090584500000));  // 02:03:04.5 UTC
  }
  absl::StatusOr<Lamp> bare = Get(
      "SELECT id, street, light, fixed_on, checked_at FROM lamps WHERE id = ?",
      2);
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_EQ(bare->light, Light::kGreen);
  EXPECT_FALSE(bare->fixed_on.has_value());
  EXPECT_FALSE(bare->checked_at.has_value());
}

TEST_F(RowTest, AColumnTheQueryLacksIsAnErrorNotItsNeighbour) {
  absl::StatusOr<Lamp> lamp =
      Get("SELECT id, street, light, fixed_on FROM lamps WHERE id = ?", 1);
  EXPECT_FALSE(lamp.ok());
}

TEST_F(RowTest, AStateNoCodecKnowsIsDataLossAndRollsBack) {
  absl::StatusOr<Lamp> lamp = Get(
      "SELECT id, street, light, fixed_on, checked_at FROM lamps WHERE id = ?",
      3);
  EXPECT_EQ(lamp.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(lamp.status().message()),
              HasSubstr("column light holds 99, which is no traffic light"));

  // In a transaction: the write before the bad read is not kept.
  absl::Status s = pool_->InTransaction([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->executeUpdate("UPDATE lamps SET street = 'Renamed' WHERE id = 1");
    std::unique_ptr<sql::ResultSet> rows(
        std::unique_ptr<sql::Statement>(c.createStatement())
            ->executeQuery("SELECT id, street, light, fixed_on, checked_at "
                           "FROM lamps WHERE id = 3"));
    rows->next();
    ReadLamp(Row(*rows));
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  absl::StatusOr<Lamp> kept = Get(
      "SELECT id, street, light, fixed_on, checked_at FROM lamps WHERE id = ?",
      1);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->street, "Yunhe Rd");
}

}  // namespace
}  // namespace unioncard::db
