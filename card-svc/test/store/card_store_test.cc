// The card store against a real MariaDB.
#include "card-svc/src/store/card_store.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <thread>

#include "absl/time/civil_time.h"
#include "card-svc/test/card_test_database.h"
#include "common/db/migrations.h"
#include "common/status/field_violations.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

absl::Time Day(int y, int m, int d) {
  return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone());
}

class CardStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(card_db_.Open().ok());
    pool_ = &card_db_.pool();
    store_ = &card_db_.cards();
  }

  // Request, submit and issue a card for `member` in `county` on `day`.
  CardRecord IssuedCardFor(int64_t member, const std::string& county,
                           absl::Time day) {
    auto card = store_->Request(clerk_, Next(), member, county, county + "-g1");
    EXPECT_TRUE(card.ok()) << card.status();
    EXPECT_TRUE(store_
                    ->Apply(clerk_, Next(), card->id, CardEvent::kSubmit, day,
                            "", std::nullopt)
                    .ok());
    auto issued = store_->Apply(bank_, Next(), card->id, CardEvent::kBankIssued,
                                day, "", Token(member, card->id));
    EXPECT_TRUE(issued.ok()) << issued.status();
    return *issued;
  }
  static IssuedCard Token(int64_t member, int64_t card) {
    return {absl::StrCat("tok-member-", member, "-card-", card), "4321",
            "2031-12"};
  }
  std::string Next() { return absl::StrCat("req-", ++request_); }
  int64_t Count(const std::string& from) { return card_db_.Count(from); }

  testing::CardTestDatabase card_db_;
  db::ConnectionPool* pool_ = nullptr;
  CardStore* store_ = nullptr;
  const auth::Principal clerk_ = testing::CardTestDatabase::Clerk();
  const auth::Principal bank_ = testing::CardTestDatabase::Bank();
  int request_ = 0;
};

TEST_F(CardStoreTest, ConcurrentRequestsNeverMakeTwoLiveCards) {
  constexpr int kTries = 8;
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kTries; ++i) {
    threads.emplace_back([&, i] {
      auto card = store_->Request(clerk_, absl::StrCat("race-", i), 42,
                                  "cangxian", "cangxian-g1");
      if (card.ok()) {
        ++won;
      } else if (card.status().code() == absl::StatusCode::kAlreadyExists) {
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), kTries - 1);
  EXPECT_EQ(Count("cards WHERE member_id = 42"), 1);
  auto again = store_->Request(clerk_, Next(), 42, "cangxian", "cangxian-g1");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("REQUESTED"), std::string::npos)
      << again.status();
}

TEST_F(CardStoreTest, LifecycleKeepsOnlyTokenAndLastFourAndIgnoresDuplicates) {
  CardRecord card = IssuedCardFor(7, "xinhua", Day(2016, 5, 3));
  EXPECT_EQ(card.lifecycle.state, CardState::kIssued);
  EXPECT_EQ(card.last4, "4321");
  EXPECT_EQ(card.issued_county_id, "xinhua");
  ASSERT_TRUE(card.issued_at.has_value());
  EXPECT_EQ(*card.issued_at, Day(2016, 5, 3));

  // The bank says "issued" again: nothing changes, nothing is recorded.
  const int64_t events = Count("card_events");
  auto duplicate = store_->Apply(bank_, Next(), card.id, CardEvent::kBankIssued,
                                 Day(2016, 5, 4), "", Token(7, card.id));
  ASSERT_TRUE(duplicate.ok()) << duplicate.status();
  EXPECT_EQ(*duplicate->issued_at, Day(2016, 5, 3));
  EXPECT_EQ(Count("card_events"), events);

  auto activated =
      store_->Apply(bank_, Next(), card.id, CardEvent::kBankActivated,
                    Day(2016, 5, 9), "", std::nullopt);
  ASSERT_TRUE(activated.ok());
  EXPECT_EQ(activated->lifecycle.state, CardState::kActivated);
  // A late "issued" after activation is refused, not applied.
  EXPECT_EQ(store_
                ->Apply(bank_, Next(), card.id, CardEvent::kBankIssued,
                        Day(2016, 5, 10), "", Token(7, card.id))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count(absl::StrCat("card_history WHERE card_id = ", card.id)), 4);
  EXPECT_EQ(Count("audit_log"), 4);
}

TEST_F(CardStoreTest, ACardNumberIsNeverAcceptedAsAToken) {
  auto card = store_->Request(clerk_, Next(), 8, "xinhua", "xinhua-g1");
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), card->id, CardEvent::kSubmit,
                          absl::Now(), "", std::nullopt)
                  .ok());
  auto pan = store_->Apply(
      bank_, Next(), card->id, CardEvent::kBankIssued, absl::Now(), "",
      IssuedCard{"6217000010001234567", "4567", "2031-12"});
  EXPECT_EQ(pan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status::FieldViolationsOf(pan.status())[0].field, "bank_token");
  EXPECT_EQ(Count("cards WHERE bank_token IS NOT NULL"), 0);
  EXPECT_EQ(ValidateIssuedCard({"tok-12345678", "12a4", "2031-13"}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CardStoreTest, ReplacementRetiresTheLostCardAndRequestsANewOne) {
  CardRecord card = IssuedCardFor(9, "qingxian", Day(2016, 6, 1));
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), card.id, CardEvent::kReportLost,
                          Day(2016, 7, 1), "lost on the bus", std::nullopt)
                  .ok());
  auto fresh = store_->OrderReplacement(clerk_, "replace-9", card.id);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->lifecycle.state, CardState::kRequested);
  EXPECT_EQ(fresh->replaces_card_id.value_or(0), card.id);
  EXPECT_EQ(store_->Get(card.id)->lifecycle.state, CardState::kReplaced);
  // Retried: the same new card, not a third.
  auto retry = store_->OrderReplacement(clerk_, "replace-9", card.id);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->id, fresh->id);
  EXPECT_EQ((*store_->LiveCardOf(9))->id, fresh->id);
  EXPECT_EQ(store_->CardsOf(9)->size(), 2u);
  // A card that is not lost cannot be replaced.
  EXPECT_EQ(store_->OrderReplacement(clerk_, Next(), fresh->id).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(CardStoreTest, FirstCardsIssuedCountOnceWhereIssued) {
  IssuedCardFor(1, "xinhua", Day(2016, 3, 1));
  IssuedCardFor(2, "xinhua", Day(2016, 4, 1));
  CardRecord lost = IssuedCardFor(3, "yunhe", Day(2016, 4, 2));
  // Member 3 loses the card; the replacement issued in May must not count.
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), lost.id, CardEvent::kReportLost,
                          Day(2016, 4, 20), "", std::nullopt)
                  .ok());
  auto replacement = store_->OrderReplacement(clerk_, Next(), lost.id);
  ASSERT_TRUE(replacement.ok());
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), replacement->id, CardEvent::kSubmit,
                          Day(2016, 5, 1), "", std::nullopt)
                  .ok());
  ASSERT_TRUE(store_
                  ->Apply(bank_, Next(), replacement->id,
                          CardEvent::kBankIssued, Day(2016, 5, 2), "",
                          Token(3, replacement->id))
                  .ok());
  // Member 4's first application was rejected; the second card is the first
  // issued one.
  auto rejected = store_->Request(clerk_, Next(), 4, "yunhe", "yunhe-g1");
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), rejected->id, CardEvent::kSubmit,
                          Day(2016, 5, 1), "", std::nullopt)
                  .ok());
  ASSERT_TRUE(store_
                  ->Apply(bank_, Next(), rejected->id, CardEvent::kBankRejected,
                          Day(2016, 5, 2), "ID photo unreadable", std::nullopt)
                  .ok());
  IssuedCardFor(4, "yunhe", Day(2016, 5, 20));

  auto q2 = store_->FirstCardsIssued(Day(2016, 4, 1), Day(2016, 7, 1));
  ASSERT_TRUE(q2.ok()) << q2.status();
  EXPECT_EQ(*q2, (std::map<std::string, int64_t>{{"xinhua", 1}, {"yunhe", 2}}));
  auto year = store_->FirstCardsIssued(Day(2016, 1, 1), Day(2017, 1, 1));
  EXPECT_EQ(*year,
            (std::map<std::string, int64_t>{{"xinhua", 2}, {"yunhe", 2}}));
}

TEST_F(CardStoreTest, InsuranceFollowsTheCardsThroughALoss) {
  // Issued 3 May 2016 (China time); lost and replaced in July; the
  // replacement is issued in August. Coverage never breaks.
  CardRecord card = IssuedCardFor(11, "botou", Day(2016, 5, 3));
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), card.id, CardEvent::kReportLost,
                          Day(2016, 7, 1), "", std::nullopt)
                  .ok());
  auto fresh = store_->OrderReplacement(clerk_, Next(), card.id);
  ASSERT_TRUE(fresh.ok());
  auto facts = store_->CardFactsOf(11);
  ASSERT_TRUE(facts.ok());
  EXPECT_TRUE(CoveredOn(*facts, absl::CivilDay(2016, 5, 3)));
  EXPECT_TRUE(CoveredOn(*facts, absl::CivilDay(2016, 7, 20)));
  EXPECT_FALSE(CoveredOn(*facts, absl::CivilDay(2016, 5, 2)));

  // Another member who leaves in June.
  CardRecord leaver = IssuedCardFor(12, "botou", Day(2016, 4, 1));
  ASSERT_TRUE(store_
                  ->Apply(clerk_, Next(), leaver.id, CardEvent::kCancel,
                          Day(2016, 6, 10), "membership ended", std::nullopt)
                  .ok());
  MonthlyRoster june(absl::CivilMonth(2016, 6));
  ASSERT_TRUE(store_
                  ->ForEachMemberCards(
                      [&](int64_t member, const std::vector<CardFacts>& cards) {
                        june.Add(member, cards);
                      })
                  .ok());
  EXPECT_EQ(june.insured(), (std::vector<int64_t>{11}));
  EXPECT_TRUE(june.additions().empty());
  EXPECT_EQ(june.removals(), (std::vector<int64_t>{12}));
}

}  // namespace
}  // namespace unioncard::card
