// The counters against a real MariaDB: each event counted once however often
// it comes, a member's earliest card wins, and the daily counters the
// bulletin sums agree with the per-card rows they are kept beside.
#include "assessment-svc/src/store/progress_store.h"

#include <cppconn/statement.h>

#include "assessment-svc/src/store/assessment_schema.h"
#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

using absl::CivilDay;

class ProgressStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = unioncard::testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto pool = db::ConnectionPool::Create(db_->options());
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(db::ApplyMigrations(*pool_, AssessmentSchema()).ok());
    store_ = std::make_unique<ProgressStore>(pool_.get());
  }

  CountyProgress On(const std::string& county, CivilDay from, CivilDay day) {
    auto p = store_->ProgressOn(from, day);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? (*p)[county] : CountyProgress{};
  }

  std::unique_ptr<unioncard::testing::TestDatabase> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<ProgressStore> store_;
};

TEST_F(ProgressStoreTest, EachEventCountsOnceOnItsDay) {
  const CivilDay jan1(2017, 1, 1);
  for (int i = 0; i < 2; ++i) {  // the feed replayed
    ASSERT_TRUE(
        store_->RecordIssued(1, 10, "xinhua", CivilDay(2017, 2, 10)).ok());
    ASSERT_TRUE(
        store_->RecordIssued(2, 11, "xinhua", CivilDay(2017, 3, 1)).ok());
    ASSERT_TRUE(
        store_->RecordActivated(1, "xinhua", CivilDay(2017, 2, 20)).ok());
    ASSERT_TRUE(store_->RecordEnded(2, CivilDay(2017, 6, 1)).ok());
  }
  // Member 11's replacement card, issued after the lost one ended.
  ASSERT_TRUE(store_->RecordIssued(3, 11, "xinhua", CivilDay(2017, 6, 5)).ok());
  CountyProgress march = On("xinhua", jan1, CivilDay(2017, 3, 31));
  EXPECT_EQ(march.issued_in_range, 2);
  EXPECT_EQ(march.live_cards, 2);
  EXPECT_EQ(march.activated, 1);
  CountyProgress june2 = On("xinhua", jan1, CivilDay(2017, 6, 2));
  EXPECT_EQ(june2.live_cards, 1);  // card 2 ended on 1 June
  EXPECT_EQ(june2.issued_cumulative, 2);
  CountyProgress july = On("xinhua", jan1, CivilDay(2017, 7, 1));
  EXPECT_EQ(july.live_cards, 2);
  EXPECT_EQ(july.issued_cumulative, 2);  // a replacement is no first issue
  EXPECT_EQ(
      On("xinhua", CivilDay(2017, 3, 1), CivilDay(2017, 7, 1)).issued_in_range,
      1);
}

TEST_F(ProgressStoreTest, AMembersEarliestCardIsItsFirstWhereverItCameFrom) {
  // The feed reports a later card first (another county's, after a
  // transfer), then the earlier one: the first issue moves back and over.
  ASSERT_TRUE(store_->RecordIssued(5, 20, "yunhe", CivilDay(2017, 9, 1)).ok());
  ASSERT_TRUE(store_->RecordIssued(4, 20, "xinhua", CivilDay(2017, 4, 1)).ok());
  EXPECT_EQ(On("xinhua", CivilDay(2017, 1, 1), CivilDay(2017, 12, 31))
                .issued_cumulative,
            1);
  EXPECT_EQ(On("yunhe", CivilDay(2017, 1, 1), CivilDay(2017, 12, 31))
                .issued_cumulative,
            0);
}

TEST_F(ProgressStoreTest, MembersCountFromApprovalUntilTheyEndOrMove) {
  ASSERT_TRUE(
      store_->RecordMember(1, "xinhua", false, CivilDay(2017, 1, 5)).ok());
  ASSERT_TRUE(
      store_->RecordMember(1, "xinhua", true, CivilDay(2017, 2, 1)).ok());
  ASSERT_TRUE(
      store_->RecordMember(1, "xinhua", true, CivilDay(2017, 2, 1)).ok());
  ASSERT_TRUE(
      store_->RecordMember(2, "xinhua", true, CivilDay(2017, 2, 3)).ok());
  ASSERT_TRUE(
      store_->RecordMember(2, "yunhe", true, CivilDay(2017, 5, 1)).ok());
  ASSERT_TRUE(
      store_->RecordMember(1, "xinhua", false, CivilDay(2017, 8, 1)).ok());
  const CivilDay any(2017, 1, 1);
  EXPECT_EQ(On("xinhua", any, CivilDay(2017, 1, 31)).members, 0);
  EXPECT_EQ(On("xinhua", any, CivilDay(2017, 2, 3)).members, 2);
  EXPECT_EQ(On("xinhua", any, CivilDay(2017, 5, 1)).members,
            1);  // 2 moved away
  EXPECT_EQ(On("yunhe", any, CivilDay(2017, 5, 1)).members, 1);
  EXPECT_EQ(On("xinhua", any, CivilDay(2017, 8, 1)).members, 0);  // 1 ended
}

TEST_F(ProgressStoreTest, TheBackFillGivesTheCountersKeptByEvents) {
  ASSERT_TRUE(
      store_->RecordIssued(1, 10, "xinhua", CivilDay(2017, 2, 10)).ok());
  ASSERT_TRUE(store_->RecordIssued(2, 11, "yunhe", CivilDay(2017, 3, 1)).ok());
  ASSERT_TRUE(
      store_->RecordIssued(3, 10, "xinhua", CivilDay(2017, 1, 10)).ok());
  ASSERT_TRUE(store_->RecordActivated(2, "yunhe", CivilDay(2017, 3, 3)).ok());
  ASSERT_TRUE(store_->RecordEnded(1, CivilDay(2017, 4, 1)).ok());
  auto kept = store_->ProgressOn(CivilDay(2017, 1, 1), CivilDay(2017, 12, 31));
  ASSERT_TRUE(kept.ok());
  ASSERT_TRUE(pool_
                  ->Run([](sql::Connection& c) {
                    std::unique_ptr<sql::Statement> s(c.createStatement());
                    s->execute("DELETE FROM daily_cards");
                    s->execute(kRebuildDailyCards);
                    return absl::OkStatus();
                  })
                  .ok());
  auto rebuilt =
      store_->ProgressOn(CivilDay(2017, 1, 1), CivilDay(2017, 12, 31));
  ASSERT_TRUE(rebuilt.ok());
  for (const char* county : {"xinhua", "yunhe"}) {
    const CountyProgress& a = (*kept)[county];
    const CountyProgress& b = (*rebuilt)[county];
    EXPECT_EQ(a.issued_cumulative, b.issued_cumulative) << county;
    EXPECT_EQ(a.live_cards, b.live_cards) << county;
    EXPECT_EQ(a.activated, b.activated) << county;
  }
  EXPECT_EQ((*kept)["xinhua"].issued_cumulative, 1);
  EXPECT_EQ((*kept)["xinhua"].live_cards, 1);
}

}  // namespace
}  // namespace unioncard::assessment
