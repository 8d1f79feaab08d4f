// Pages of card changes written set-wise (CardStore::RequestMany and
// ApplyMany) against a real MariaDB: each change of a page succeeds or
// fails on its own, exactly as if it had been applied alone, and a failed
// one leaves nothing behind — no history, feed event, audit or ledger row.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/store/card_store.h"
#include "card-svc/test/card_test_database.h"
#include "common/status/field_violations.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

using absl::StatusCode;

class CardPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(card_db_.Open().ok());
    store_ = &card_db_.cards();
  }

  // A card requested and submitted for each of `members`, one page each.
  std::vector<int64_t> SubmittedCards(const std::vector<int64_t>& members) {
    std::vector<CardToRequest> requests;
    for (int64_t m : members) {
      requests.push_back({absl::StrCat("req-", m), m, "xinhua", "xinhua-g1"});
    }
    auto requested = store_->RequestMany(clerk_, requests);
    EXPECT_TRUE(requested.ok()) << requested.status();
    std::vector<int64_t> ids;
    std::vector<CardChange> submits;
    for (const CardRequestOutcome& outcome : *requested) {
      const absl::StatusOr<int64_t> id = outcome.CardId();
      EXPECT_TRUE(id.ok()) << id.status();
      ids.push_back(*id);
      submits.push_back(
          Change(absl::StrCat("submit-", *id), *id, CardEvent::kSubmit));
    }
    auto submitted = store_->ApplyMany(clerk_, submits);
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    for (const absl::Status& s : *submitted) EXPECT_TRUE(s.ok()) << s;
    return ids;
  }

  static CardChange Change(const std::string& request_id, int64_t card_id,
                           CardEvent event) {
    CardChange change;
    change.request_id = request_id;
    change.card_id = card_id;
    change.event = event;
    change.at = absl::FromUnixSeconds(1700000000);
    if (event == CardEvent::kBankIssued) {
      change.issued =
          IssuedCard{absl::StrCat("tok-card-", card_id), "4321", "2031-12"};
    }
    return change;
  }

  std::vector<StatusCode> Codes(
      const absl::StatusOr<std::vector<absl::Status>>& page) {
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<StatusCode> codes;
    if (page.ok()) {
      for (const absl::Status& s : *page) codes.push_back(s.code());
    }
    return codes;
  }

  int64_t Count(const std::string& from) { return card_db_.Count(from); }
  int64_t HistoryOf(int64_t card) {
    return Count(absl::StrCat("card_history WHERE card_id = ", card));
  }
  CardState StateOf(int64_t card) { return store_->Get(card)->lifecycle.state; }

  // Rows a change writes: history, feed event, audit (ledger rows are
  // written for duplicates too, so they are counted apart).
  struct Written {
    int64_t history, events, audit, ledger;
    bool operator==(const Written& o) const {
      return history == o.history && events == o.events && audit == o.audit &&
             ledger == o.ledger;
    }
  };
  Written Rows() {
    return {Count("card_history"), Count("card_events"), Count("audit_log"),
            Count("request_ledger")};
  }

  testing::CardTestDatabase card_db_;
  CardStore* store_ = nullptr;
  const auth::Principal clerk_ = testing::CardTestDatabase::Clerk();
  const auth::Principal bank_ = testing::CardTestDatabase::Bank();
};

TEST_F(CardPageTest, APageWhereSomeCardsFailAndOthersSucceed) {
  const std::vector<int64_t> cards = SubmittedCards({1, 2, 3, 4, 5});
  // Card 5's token is taken by card 4 in the same page.
  CardChange stolen_token = Change("n-5", cards[4], CardEvent::kBankIssued);
  stolen_token.issued->bank_token = absl::StrCat("tok-card-", cards[3]);
  CardChange no_details = Change("n-3", cards[2], CardEvent::kBankIssued);
  no_details.issued.reset();
  const Written before = Rows();
  auto page = store_->ApplyMany(
      bank_, {Change("n-1", cards[0], CardEvent::kBankIssued),
              Change("n-x", 999999, CardEvent::kBankIssued), no_details,
              Change("n-2", cards[1], CardEvent::kBankActivated),
              Change("n-4", cards[3], CardEvent::kBankIssued), stolen_token,
              Change("n-1b", cards[0], CardEvent::kSubmit)});
  EXPECT_EQ(
      Codes(page),
      (std::vector<StatusCode>{
          StatusCode::kOk, StatusCode::kNotFound, StatusCode::kInvalidArgument,
          StatusCode::kUnavailable,  // activated before issued: later
          StatusCode::kOk, StatusCode::kAlreadyExists,
          StatusCode::kFailedPrecondition}));
  EXPECT_EQ(status::FieldViolationsOf((*page)[2])[0].field, "issued");
  // Only the two cards that moved wrote anything: two history rows, two
  // events, two audit rows and two ledger entries.
  EXPECT_EQ(Rows(), (Written{before.history + 2, before.events + 2,
                             before.audit + 2, before.ledger + 2}));
  EXPECT_EQ(StateOf(cards[0]), CardState::kIssued);
  EXPECT_EQ(StateOf(cards[3]), CardState::kIssued);
  for (int i : {1, 2, 4}) EXPECT_EQ(StateOf(cards[i]), CardState::kSubmitted);
  EXPECT_EQ(store_->Get(cards[0])->bank_token,
            absl::StrCat("tok-card-", cards[0]));
  EXPECT_EQ(Count("cards WHERE bank_token IS NOT NULL"), 2);

  // The failed ones, sent again correctly, are taken afresh: their request
  // ids were never claimed.
  CardChange fixed = Change("n-5", cards[4], CardEvent::kBankIssued);
  auto retry = store_->ApplyMany(
      bank_, {Change("n-3", cards[2], CardEvent::kBankIssued),
              Change("n-2i", cards[1], CardEvent::kBankIssued),
              Change("n-2", cards[1], CardEvent::kBankActivated), fixed});
  EXPECT_EQ(Codes(retry), std::vector<StatusCode>(4, StatusCode::kOk));
  EXPECT_EQ(StateOf(cards[1]), CardState::kActivated);
  EXPECT_EQ(StateOf(cards[2]), CardState::kIssued);
  EXPECT_EQ(StateOf(cards[4]), CardState::kIssued);
  // requested, submitted, issued (+ activated for card 2).
  for (int i : {0, 2, 3, 4}) EXPECT_EQ(HistoryOf(cards[i]), 3) << i;
  EXPECT_EQ(HistoryOf(cards[1]), 4);
}

TEST_F(CardPageTest, ABundleWithDuplicatesAndOutOfOrderNewsChangesEachOnce) {
  const std::vector<int64_t> cards = SubmittedCards({11, 12, 13});
  const int64_t a = cards[0], b = cards[1], c = cards[2];
  const Written before = Rows();
  auto bundle = store_->ApplyMany(
      bank_, {Change("bank:a-act", a, CardEvent::kBankActivated),  // early
              Change("bank:a-iss", a, CardEvent::kBankIssued),
              Change("bank:a-iss", a, CardEvent::kBankIssued),   // resent
              Change("bank:a-iss2", a, CardEvent::kBankIssued),  // said twice
              Change("bank:b-iss", b, CardEvent::kBankIssued),
              Change("bank:b-act", b, CardEvent::kBankActivated),
              Change("bank:c-rej", c, CardEvent::kBankRejected),
              Change("bank:c-iss", c, CardEvent::kBankIssued)});  // too late
  EXPECT_EQ(Codes(bundle),
            (std::vector<StatusCode>{
                StatusCode::kUnavailable, StatusCode::kOk, StatusCode::kOk,
                StatusCode::kOk, StatusCode::kOk, StatusCode::kOk,
                StatusCode::kOk, StatusCode::kFailedPrecondition}));
  EXPECT_EQ(StateOf(a), CardState::kIssued);
  EXPECT_EQ(StateOf(b), CardState::kActivated);
  EXPECT_EQ(StateOf(c), CardState::kRejected);
  // Four real changes (a issued; b issued, activated; c rejected); the
  // second "issued" for a is remembered in the ledger but writes nothing.
  EXPECT_EQ(Rows(), (Written{before.history + 4, before.events + 4,
                             before.audit + 4, before.ledger + 5}));
  // The feed has b's two changes in order, each with its own state.
  EXPECT_EQ(Count(absl::StrCat("card_events WHERE aggregate_id = ", b,
                               " AND type = 3")),
            1);
  EXPECT_EQ(Count(absl::StrCat("card_events WHERE aggregate_id = ", b,
                               " AND type = 4")),
            1);
  EXPECT_TRUE(store_->Get(b)->activated_at.has_value());
  EXPECT_TRUE(store_->Get(c)->bank_token.empty());
  EXPECT_EQ(
      Count(absl::StrCat("cards WHERE id = ", c, " AND ended_at IS NOT NULL")),
      1);

  // The bank sends the whole bundle again: only a's activation, refused
  // the first time, is new.
  const Written mid = Rows();
  auto again = store_->ApplyMany(
      bank_, {Change("bank:a-act", a, CardEvent::kBankActivated),
              Change("bank:a-iss", a, CardEvent::kBankIssued),
              Change("bank:b-iss", b, CardEvent::kBankIssued),
              Change("bank:b-act", b, CardEvent::kBankActivated),
              Change("bank:c-rej", c, CardEvent::kBankRejected)});
  EXPECT_EQ(Codes(again), std::vector<StatusCode>(5, StatusCode::kOk));
  EXPECT_EQ(StateOf(a), CardState::kActivated);
  EXPECT_EQ(Rows(), (Written{mid.history + 1, mid.events + 1, mid.audit + 1,
                             mid.ledger + 1}));
  // A request id reused for another kind of change is refused.
  auto reused = store_->ApplyMany(
      bank_, {Change("bank:a-iss", a, CardEvent::kBankRejected)});
  EXPECT_EQ(Codes(reused),
            std::vector<StatusCode>{StatusCode::kInvalidArgument});
}

TEST_F(CardPageTest, RequestingAPageNamesLiveCardsAndRetriesGiveTheSameIds) {
  auto first = store_->Request(clerk_, "alone-21", 21, "xinhua", "xinhua-g1");
  ASSERT_TRUE(first.ok()) << first.status();
  const Written before = Rows();
  std::vector<CardToRequest> page = {
      {"p-20", 20, "xinhua", "xinhua-g1"},
      {"p-21", 21, "xinhua", "xinhua-g1"},  // has a live card
      {"p-22", 22, "xinhua", "xinhua-g1"},
      {"p-20b", 20, "xinhua", "xinhua-g1"},      // named twice in the page
      {"alone-21", 21, "xinhua", "xinhua-g1"}};  // a retry of the first
  auto ids = store_->RequestMany(clerk_, page);
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), 5u);
  ASSERT_TRUE((*ids)[0].CardId().ok()) << (*ids)[0].CardId().status();
  EXPECT_EQ((*ids)[1].kind, CardRequestOutcome::Kind::kMemberHasCard);
  EXPECT_EQ((*ids)[1].kind, CardRequestOutcome::Kind::kMemberHasCard);
  EXPECT_EQ((*ids)[1].CardId().status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE((*ids)[1].CardId().status().message().find(
                absl::StrCat("live card ", first->id, " (REQUESTED)")),
            std::string::npos)
      << (*ids)[1].CardId().status();
  ASSERT_TRUE((*ids)[2].CardId().ok());
  EXPECT_EQ((*ids)[3].kind, CardRequestOutcome::Kind::kMemberHasCard);
  EXPECT_EQ((*ids)[3].CardId().status().code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE((*ids)[4].CardId().ok());
  EXPECT_EQ(*(*ids)[4].CardId(), first->id);
  EXPECT_EQ(store_->LiveCardOf(20)->value().id, *(*ids)[0].CardId());
  EXPECT_EQ(store_->LiveCardOf(22)->value().id, *(*ids)[2].CardId());
  EXPECT_EQ(store_->Get(*(*ids)[2].CardId())->lifecycle.state,
            CardState::kRequested);
  EXPECT_EQ(Rows(), (Written{before.history + 2, before.events + 2,
                             before.audit + 2, before.ledger + 2}));

  // The page retried as it was: the same cards, nothing written.
  const Written mid = Rows();
  auto retried = store_->RequestMany(clerk_, page);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(*(*retried)[0].CardId(), *(*ids)[0].CardId());
  EXPECT_EQ(*(*retried)[2].CardId(), *(*ids)[2].CardId());
  EXPECT_EQ(Rows(), mid);
  EXPECT_EQ(Count("cards"), 3);
}

TEST_F(CardPageTest, ARequestIdRepeatedInAPageIsARetryOfItsFirstUse) {
  auto ids = store_->RequestMany(
      clerk_, {{"same-30", 30, "xinhua", "xinhua-g1"},
               {"same-30", 30, "xinhua", "xinhua-g1"},    // resent
               {"same-30", 31, "xinhua", "xinhua-g1"}});  // another member
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_TRUE((*ids)[0].CardId().ok()) << (*ids)[0].CardId().status();
  ASSERT_TRUE((*ids)[1].CardId().ok()) << (*ids)[1].CardId().status();
  EXPECT_EQ(*(*ids)[1].CardId(), *(*ids)[0].CardId());
  EXPECT_EQ((*ids)[2].CardId().status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("cards"), 1);
  EXPECT_EQ(Count("request_ledger"), 1);
  EXPECT_FALSE(store_->LiveCardOf(31)->has_value());
}

TEST_F(CardPageTest, TheStoredCardIsWhatTheFeedSaysToTheMicrosecond) {
  const std::vector<int64_t> cards = SubmittedCards({40, 41});
  CardChange issued = Change("n-40", cards[0], CardEvent::kBankIssued);
  issued.at = absl::FromUnixMicros(1700000000123456) + absl::Nanoseconds(789);
  // 201 characters of 3 bytes each: cut to 200 characters, not 200 bytes.
  std::string note;
  for (int i = 0; i < 201; ++i) note += "沧";
  issued.note = note;
  CardChange too_late = Change("n-41", cards[1], CardEvent::kBankIssued);
  too_late.at =
      absl::FromCivil(absl::CivilDay(2040, 1, 1), absl::UTCTimeZone());
  auto page = store_->ApplyMany(bank_, {issued, too_late});
  EXPECT_EQ(Codes(page), (std::vector<StatusCode>{
                             StatusCode::kOk, StatusCode::kInvalidArgument}));
  EXPECT_EQ(status::FieldViolationsOf((*page)[1])[0].field, "time");
  EXPECT_EQ(StateOf(cards[1]), CardState::kSubmitted);

  auto stored = store_->Get(cards[0]);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored->issued_at, absl::FromUnixMicros(1700000000123456));
  EXPECT_EQ(stored->note, note.substr(0, 600));
  // The feed event was encoded from the card in memory; it is what the
  // encoder makes of the card read back from the table.
  std::string payload;
  ASSERT_TRUE(card_db_.pool()
                  .Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::Statement> select(c.createStatement());
                    std::unique_ptr<sql::ResultSet> row(select->executeQuery(
                        absl::StrCat("SELECT payload FROM card_events WHERE "
                                     "aggregate_id = ",
                                     cards[0], " ORDER BY sequence DESC")));
                    if (row->next()) payload = row->getString(1);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(payload, CardEventEncoder::Get().CardChanged(
                         *stored, CardState::kSubmitted,
                         absl::FromUnixMicros(1700000000123456)));
}

TEST_F(CardPageTest, ConcurrentPagesAllLandWithoutAFailedTransaction) {
  constexpr int kWriters = 4, kPerWriter = 60;
  std::vector<std::thread> writers;
  std::vector<absl::Status> failures(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::vector<CardToRequest> requests;
      for (int i = 0; i < kPerWriter; ++i) {
        const int64_t member = 1000 + w * kPerWriter + i;
        requests.push_back(
            {absl::StrCat("c-", member), member, "xinhua", "xinhua-g1"});
      }
      auto ids = store_->RequestMany(clerk_, requests);
      if (!ids.ok()) {
        failures[w] = ids.status();
        return;
      }
      std::vector<CardChange> submits, issues;
      for (const CardRequestOutcome& outcome : *ids) {
        const absl::StatusOr<int64_t> id = outcome.CardId();
        if (!id.ok()) {
          failures[w] = id.status();
          return;
        }
        submits.push_back(
            Change(absl::StrCat("s-", *id), *id, CardEvent::kSubmit));
        issues.push_back(
            Change(absl::StrCat("i-", *id), *id, CardEvent::kBankIssued));
      }
      for (const auto* page : {&submits, &issues}) {
        auto applied = store_->ApplyMany(bank_, *page);
        if (!applied.ok()) {
          failures[w] = applied.status();
          return;
        }
        for (const absl::Status& s : *applied) {
          if (!s.ok()) failures[w] = s;
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  for (const absl::Status& failure : failures)
    EXPECT_TRUE(failure.ok()) << failure;
  // Card writers queue on the feed's lock instead of deadlocking on the
  // gaps they lock (they did, before it was taken first).
  EXPECT_EQ(card_db_.pool().transactions_retried(), 0);
  EXPECT_EQ(Count("cards WHERE state = 3"), kWriters * kPerWriter);
  EXPECT_EQ(Count("card_history"), 3 * kWriters * kPerWriter);
  EXPECT_EQ(Count("card_events"), 3 * kWriters * kPerWriter);
}

}  // namespace
}  // namespace unioncard::card
