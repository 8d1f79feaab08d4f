// The day counters behind GetCardStatistics (card_day_counts) against a
// pass over the cards themselves, after a random mix of every kind of card
// change — requested and applied in pages, replacements, moves between
// counties — on a real MariaDB: for every day the two agree, and rebuilding
// the counters from the cards (what the migration does) gives the same rows.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "card-svc/src/domain/insurance_coverage.h"
#include "card-svc/src/store/card_queries.h"
#include "card-svc/src/store/card_schema.h"
#include "card-svc/test/card_test_database.h"
#include "common/db/sql_types.h"
#include "common/time/china_time.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

constexpr int kRounds = 6;
constexpr int kDaysPerRound = 7;

class CardDayCountsTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(card_db_.Open().ok());
    store_ = &card_db_.cards();
  }

  // A random bank time in the round's week. The rounds follow each other,
  // and the store's own clock (requests, moves, replacements ordered) reads
  // the end of the round's week: as in life, a lost card ends when its
  // replacement is ordered, after it was issued, and the replacement is
  // issued later still. Within a round the bank's order is random (a
  // cancellation may even come before the issue).
  absl::Time RandomTime(int round) {
    return absl::FromCivil(
               first_day_ + round * kDaysPerRound + Below(kDaysPerRound),
               ChinaTime()) +
           absl::Hours(Below(24)) + absl::Minutes(Below(60));
  }
  int Below(int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(rng_);
  }
  std::string Id() { return absl::StrCat("r-", ++requests_); }

  // The figures as the statistics computed them before the counters: a
  // pass over every card issued before the end of `day`.
  std::map<std::string, CountyCardCounts> ByScan(absl::CivilDay day) {
    std::map<std::string, CountyCardCounts> counts;
    const std::string end =
        db::FormatSqlTimestamp(absl::FromCivil(day + 1, ChinaTime()));
    EXPECT_TRUE(card_db_.pool()
                    .Run([&](sql::Connection& c) {
                      std::unique_ptr<sql::Statement> s(c.createStatement());
                      std::unique_ptr<sql::ResultSet> rows(s->executeQuery(
                          absl::StrCat("SELECT issued_county_id, COUNT(*) FROM "
                                       "cards WHERE activated_at < '",
                                       end, "' GROUP BY issued_county_id")));
                      while (rows->next()) {
                        counts[rows->getString(1)].activated =
                            rows->getInt64(2);
                      }
                      rows.reset(s->executeQuery(absl::StrCat(
                          "SELECT county_id, COUNT(DISTINCT member_id) FROM "
                          "cards WHERE issued_at < '",
                          end, "' AND (ended_at IS NULL OR ended_at >= '", end,
                          "') GROUP BY county_id")));
                      while (rows->next()) {
                        counts[rows->getString(1)].live = rows->getInt64(2);
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return counts;
  }

  // A random mix of every kind of card change for 90 members in three
  // counties, seeded by the test's parameter.
  void MakeRandomHistory() {
    rng_.seed(GetParam());
    const std::vector<std::string> counties = {"botou", "cangxian", "xinhua"};
    constexpr int kMembers = 90;
    std::map<int64_t, std::string> county_of;
    for (int64_t m = 1; m <= kMembers; ++m) {
      county_of[m] = counties[Below(3)];
    }
    // Rounds of pages: request cards for members without one, then move the
    // live cards on by one random event each, a page at a time.
    for (int round = 0; round < kRounds; ++round) {
      const absl::Time week_end = absl::FromCivil(
          first_day_ + (round + 1) * kDaysPerRound, ChinaTime());
      card_db_.SetClock([week_end] { return week_end - absl::Minutes(1); });
      std::vector<CardToRequest> requests;
      for (const auto& [m, county] : county_of) {
        auto live = store_->LiveCardOf(m);
        ASSERT_TRUE(live.ok());
        if (!live->has_value() && Below(3) > 0) {
          requests.push_back({Id(), m, county, county + "-g1"});
        }
      }
      ASSERT_TRUE(store_->RequestMany(clerk_, requests).ok());
      std::vector<CardChange> page;
      for (const auto& [m, county] : county_of) {
        auto live = store_->LiveCardOf(m);
        ASSERT_TRUE(live.ok());
        if (!live->has_value()) continue;
        const CardRecord& card = **live;
        CardChange change{
            Id(), card.id,     CardEvent::kSubmit, RandomTime(round),
            "",   std::nullopt};
        switch (card.lifecycle.state) {
          case CardState::kRequested:
            break;
          case CardState::kSubmitted:
            change.event = Below(5) == 0 ? CardEvent::kBankRejected
                                         : CardEvent::kBankIssued;
            change.issued = IssuedCard{absl::StrCat("token-card-", card.id),
                                       "1234", "2031-12"};
            break;
          case CardState::kIssued:
          case CardState::kActivated: {
            const int pick = Below(10);
            change.event = pick < 5   ? CardEvent::kBankActivated
                           : pick < 7 ? CardEvent::kFreeze
                           : pick < 8 ? CardEvent::kReportLost
                                      : CardEvent::kCancel;
            break;
          }
          case CardState::kFrozen:
            change.event = Below(2) ? CardEvent::kUnfreeze : CardEvent::kCancel;
            break;
          case CardState::kLost: {
            ASSERT_TRUE(store_->OrderReplacement(clerk_, Id(), card.id).ok());
            continue;
          }
          default:
            continue;
        }
        page.push_back(change);
        // Now and then the member moves to another county, card and all.
        if (Below(8) == 0) {
          const std::string to = counties[Below(3)];
          county_of[m] = to;
          ASSERT_TRUE(
              store_->MoveToUnion(clerk_, Id(), card.id, to, to + "-g1").ok());
        }
      }
      auto applied = store_->ApplyMany(bank_, page);
      ASSERT_TRUE(applied.ok()) << applied.status();
      for (const absl::Status& s : *applied) ASSERT_TRUE(s.ok()) << s;
    }
    ASSERT_GT(card_db_.Count("cards WHERE state = 4"), 10);
    ASSERT_GT(
        card_db_.Count("cards WHERE ended_at IS NOT NULL AND issued_at IS "
                       "NOT NULL"),
        3);
    ASSERT_GT(card_db_.Count("card_history WHERE reason LIKE 'member moved%'"),
              2);
    // Cards that have ended move too (their member moved later): their
    // issue and their end both count in the new county.
    std::vector<std::pair<int64_t, std::string>> ended;
    ASSERT_TRUE(card_db_.pool()
                    .Run([&](sql::Connection& c) {
                      std::unique_ptr<sql::Statement> s(c.createStatement());
                      std::unique_ptr<sql::ResultSet> r(s->executeQuery(
                          "SELECT id, county_id FROM cards WHERE ended_at IS "
                          "NOT NULL AND issued_at IS NOT NULL ORDER BY id "
                          "LIMIT 4"));
                      while (r->next()) {
                        ended.push_back({r->getInt64(1), r->getString(2)});
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    ASSERT_FALSE(ended.empty());
    for (const auto& [card, county] : ended) {
      const std::string to = county == counties[0] ? counties[1] : counties[0];
      ASSERT_TRUE(store_->MoveToUnion(clerk_, Id(), card, to, to + "-g1").ok());
    }
    // Some lost cards were replaced after days of being live and lost.
    ASSERT_GT(card_db_.Count("cards o JOIN cards n ON n.replaces_card_id = "
                             "o.id WHERE o.ended_at > o.issued_at + INTERVAL "
                             "1 DAY"),
              0);
  }

  // Every day of the history: the counters' figures equal the scan's.
  void ExpectCountersAsTheScan() {
    CardQueries queries(&card_db_.pool());
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), ChinaTime());
    for (absl::CivilDay day = first_day_ - 1; day <= today + 1; ++day) {
      auto counted = queries.CountsOnDay(day);
      ASSERT_TRUE(counted.ok()) << counted.status();
      std::map<std::string, CountyCardCounts> scanned = ByScan(day);
      ASSERT_EQ(counted->size(), scanned.size()) << day;
      for (const auto& [county, c] : scanned) {
        EXPECT_EQ(counted->at(county).activated, c.activated)
            << county << " " << day;
        EXPECT_EQ(counted->at(county).live, c.live) << county << " " << day;
      }
    }
  }

  // Five months around the history: the stored roster equals the rule
  // applied member by member to all their cards. Adds up the additions and
  // removals seen.
  void ExpectRosterAsTheRule(int* additions, int* removals) {
    CardQueries queries(&card_db_.pool());
    const absl::CivilMonth now(absl::ToCivilDay(absl::Now(), ChinaTime()));
    for (absl::CivilMonth month = now - 3; month <= now + 1; ++month) {
      MonthlyRoster rule(month);
      ASSERT_TRUE(store_
                      ->ForEachMemberCards(
                          [&](int64_t member, const std::vector<CardFacts>& c) {
                            rule.Add(member, c);
                          })
                      .ok());
      auto stored = queries.Roster(month);
      ASSERT_TRUE(stored.ok()) << stored.status();
      EXPECT_EQ(stored->insured, static_cast<int64_t>(rule.insured().size()))
          << month;
      EXPECT_EQ(stored->additions, rule.additions()) << month;
      EXPECT_EQ(stored->removals, rule.removals()) << month;
      *additions += stored->additions.size();
      *removals += stored->removals.size();
    }
  }

  std::vector<std::string> CounterRows() {
    std::vector<std::string> rows;
    EXPECT_TRUE(card_db_.pool()
                    .Run([&](sql::Connection& c) {
                      std::unique_ptr<sql::Statement> s(c.createStatement());
                      std::unique_ptr<sql::ResultSet> r(s->executeQuery(
                          "SELECT county_id, day, activated, live FROM "
                          "card_day_counts WHERE activated <> 0 OR live <> 0 "
                          "ORDER BY county_id, day"));
                      while (r->next()) {
                        rows.push_back(
                            absl::StrCat(std::string(r->getString(1)), " ",
                                         std::string(r->getString(2)), " ",
                                         r->getInt64(3), " ", r->getInt64(4)));
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return rows;
  }

  testing::CardTestDatabase card_db_;
  CardStore* store_ = nullptr;
  const auth::Principal clerk_ = testing::CardTestDatabase::Clerk();
  const auth::Principal bank_ = testing::CardTestDatabase::Bank();
  std::mt19937 rng_;
  const absl::CivilDay first_day_ =
      absl::ToCivilDay(absl::Now(), ChinaTime()) - kRounds * kDaysPerRound;
  int requests_ = 0;
};

TEST_P(CardDayCountsTest, CountersAgreeWithAPassOverTheCardsOnEveryDay) {
  ASSERT_NO_FATAL_FAILURE(MakeRandomHistory());

  ASSERT_NO_FATAL_FAILURE(ExpectCountersAsTheScan());

  // The migration's rebuild from the cards gives the same counters.
  const std::vector<std::string> kept = CounterRows();
  ASSERT_TRUE(card_db_.pool()
                  .Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::Statement> s(c.createStatement());
                    for (const std::string& sql : RebuildCardDayCounts()) {
                      s->execute(sql);
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(CounterRows(), kept);
}

TEST_P(CardDayCountsTest, StoredRosterAgreesWithTheInsuranceRuleEveryMonth) {
  ASSERT_NO_FATAL_FAILURE(MakeRandomHistory());
  // Some coverage must have ended and started again for this to mean much.
  ASSERT_GT(card_db_.Count("cards WHERE replaces_card_id IS NOT NULL"), 0);
  int additions = 0, removals = 0;
  ASSERT_NO_FATAL_FAILURE(ExpectRosterAsTheRule(&additions, &removals));
  EXPECT_GT(additions, 0);
  EXPECT_GT(removals, 0);

  // A card-svc without the stored figures (older than them) cancels three
  // cards straight in the table, as during a rolling upgrade; the rebuild an
  // operator then asks for brings the counters and the coverage back in
  // line with the cards.
  ASSERT_TRUE(card_db_.pool()
                  .Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::Statement> s(c.createStatement());
                    s->execute(
                        "UPDATE cards SET state = 9, ended_at = issued_at + "
                        "INTERVAL 2 DAY WHERE state = 4 ORDER BY id LIMIT 3");
                    s->execute(
                        "INSERT IGNORE INTO coverage_rebuild_pending VALUES "
                        "(1)");
                    return absl::OkStatus();
                  })
                  .ok());
  auto rebuilt = store_->RebuildStoredFiguresIfPending();
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_TRUE(*rebuilt);
  EXPECT_FALSE(*store_->RebuildStoredFiguresIfPending());
  ASSERT_NO_FATAL_FAILURE(ExpectRosterAsTheRule(&additions, &removals));
  ASSERT_NO_FATAL_FAILURE(ExpectCountersAsTheScan());
}

INSTANTIATE_TEST_SUITE_P(Seeds, CardDayCountsTest, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace unioncard::card
