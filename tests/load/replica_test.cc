// Replicas on one database (issue 17), as Kubernetes scales them: two
// card-svc and two assessment-svc replicas on one schema each, batches
// created through both card-svc replicas, each assessment-svc replica
// following the card feed of a different card-svc replica. Background work
// is idempotent by construction (card-svc claims batch pages and orders in
// the database; assessment-svc's counters move only when a row keyed by
// the card is first inserted), and this checks it: every card is applied
// for, changed and counted exactly once.
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "assessment-svc/test/api/assessment_test_server.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::testing {
namespace {

class ReplicaTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    if (HasFatalFailure()) return;
    StartCardSvc();
    card_a_ = card_address_;
    // The second card-svc replica: same schema, its own ports.
    auto second = card::CardServer::Start(CardConfig(PickFreePort()));
    ASSERT_TRUE(second.ok()) << second.status();
    card_replica_ = *std::move(second);
    card_b_ = absl::StrCat("127.0.0.1:", card_replica_->port());

    auto db = TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    assessment_db_ = *std::move(db);
    for (const std::string& card : {card_a_, card_b_}) {
      auto config = assessment::testing::AssessmentTestConfig(
          assessment_db_->options(), key_,
          {absl::StrCat("127.0.0.1:", member_port()), card,
           // Not asked in this test (service items are counted on demand).
           "127.0.0.1:1"});
      ASSERT_TRUE(config.ok()) << config.status();
      auto server = assessment::AssessmentServer::Start(*std::move(config));
      ASSERT_TRUE(server.ok()) << server.status();
      assessment_.push_back(*std::move(server));
    }
  }
  void TearDown() override {
    assessment_.clear();
    card_replica_.reset();
    CardServiceEnv::TearDown();
  }

  // SUM(first_issues), SUM(live_delta), SUM(activations) of daily_cards.
  std::vector<int64_t> CounterSums() {
    std::vector<int64_t> sums(3, -1);
    auto rows = QueryRows(assessment_db_->options(),
                          "SELECT COALESCE(SUM(first_issues), 0), "
                          "COALESCE(SUM(live_delta), 0), "
                          "COALESCE(SUM(activations), 0) FROM daily_cards");
    if (rows.ok() && rows->size() == 1) {
      for (int i = 0; i < 3; ++i) {
        if (!absl::SimpleAtoi((*rows)[0][i], &sums[i])) sums[i] = -1;
      }
    }
    return sums;
  }

  std::string card_a_, card_b_;
  std::unique_ptr<card::CardServer> card_replica_;
  std::unique_ptr<TestDatabase> assessment_db_;
  std::vector<std::unique_ptr<assessment::AssessmentServer>> assessment_;
};

TEST_F(ReplicaTest, TwoReplicasEachApplyAndCountEveryCardOnce) {
  constexpr int kUnions = 4, kPerUnion = 12;
  std::vector<int64_t> batches;
  std::vector<std::string> via;
  int n = 0;
  for (int u = 0; u < kUnions; ++u) {
    const std::string county = u % 2 == 0 ? "xinhua" : "cangxian";
    auto unit =
        CityAdmin().CreateUnion(county, absl::StrCat("副本测试工会", u));
    ASSERT_TRUE(unit.ok()) << unit.status();
    std::vector<int64_t> members;
    for (int i = 0; i < kPerUnion; ++i) {
      members.push_back(ApprovedMember(*unit, ++n));
    }
    // Alternate replicas for the batches.
    card_address_ = u % 2 == 0 ? card_a_ : card_b_;
    auto batch = CountyCards(county).CreateBatch(unit->id(), members);
    ASSERT_TRUE(batch.ok()) << batch.status();
    batches.push_back(batch->id());
  }
  card_address_ = card_a_;
  const int kMembers = kUnions * kPerUnion;
  ASSERT_TRUE(Eventually(
      [&] {
        for (int64_t id : batches) {
          auto b = CityCards().GetBatch(id);
          if (!b.ok() || b->activated() != kPerUnion) return false;
        }
        return true;
      },
      absl::Seconds(90)));
  EXPECT_EQ(CardRows("cards"), kMembers);
  EXPECT_EQ(CardRows("(SELECT member_id FROM cards GROUP BY member_id "
                     "HAVING COUNT(*) > 1) twice"),
            0);
  EXPECT_EQ(CardRows("card_history"), kMembers * 4);
  EXPECT_EQ(bank_->applications(), kMembers);
  // Both assessment replicas read the whole card feed; the counters show
  // each card once.
  EXPECT_TRUE(Eventually([&] {
    return CounterSums() == std::vector<int64_t>{kMembers, kMembers, kMembers};
  })) << "daily_cards sums: "
      << CounterSums()[0] << ", " << CounterSums()[1] << ", "
      << CounterSums()[2];
  // Both replicas read the feed to its end, and nothing moved further.
  EXPECT_TRUE(Eventually([&] {
    return assessment_[0]->card_feed_position() > 0 &&
           assessment_[0]->card_feed_position() ==
               assessment_[1]->card_feed_position();
  }));
  EXPECT_EQ(CounterSums(),
            (std::vector<int64_t>{kMembers, kMembers, kMembers}));
}

}  // namespace
}  // namespace unioncard::testing
