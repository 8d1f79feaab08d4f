// Card transactions stored in pages (TransactionStore::Ingest) against a
// real MariaDB: a page is written as if nothing in it were stored before,
// and only when the unique key refuses a repeat is it looked up which were.
// Either way each bank transaction is stored, and put on the feed, once.
#include "card-svc/src/store/transaction_store.h"

#include <algorithm>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/store/card_schema.h"
#include "card-svc/test/card_test_database.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

using absl::StatusCode;

class TransactionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(card_db_.Open().ok());
    // Two issued cards, tokens "tok-card-<id>".
    const auth::Principal clerk = testing::CardTestDatabase::Clerk();
    auto requested = card_db_.cards().RequestMany(
        clerk, {{"req-1", 1, "xinhua", "xinhua-g1"},
                {"req-2", 2, "xinhua", "xinhua-g1"}});
    ASSERT_TRUE(requested.ok()) << requested.status();
    for (const CardRequestOutcome& outcome : *requested) {
      const absl::StatusOr<int64_t> id = outcome.CardId();
      ASSERT_TRUE(id.ok()) << id.status();
      const std::string token = absl::StrCat("tok-card-", *id);
      ASSERT_TRUE(card_db_.cards()
                      .Apply(clerk, absl::StrCat("submit-", *id), *id,
                             CardEvent::kSubmit, absl::Now(), "", {})
                      .ok());
      ASSERT_TRUE(card_db_.cards()
                      .Apply(testing::CardTestDatabase::Bank(),
                             absl::StrCat("issued-", *id), *id,
                             CardEvent::kBankIssued, absl::Now(), "",
                             IssuedCard{token, "4321", "2031-12"})
                      .ok());
      tokens_.push_back(absl::StrCat("tok-card-", *id));
    }
    store_ = std::make_unique<TransactionStore>(
        &card_db_.pool(), &CardEventOutbox(), &CardEventEncoder::Get());
  }

  BankTransaction Txn(const std::string& id, size_t card = 0,
                      int64_t fen = 1000) {
    return {id, tokens_[card], "m-001", fen, absl::FromUnixSeconds(1700001000)};
  }

  std::vector<StatusCode> Codes(const std::vector<BankTransaction>& page) {
    auto results = store_->Ingest(page);
    EXPECT_TRUE(results.ok()) << results.status();
    std::vector<StatusCode> codes;
    if (results.ok()) {
      for (const absl::Status& s : *results) codes.push_back(s.code());
    }
    return codes;
  }

  int64_t Stored() { return card_db_.Count("card_transactions"); }
  int64_t OnTheFeed() { return card_db_.Count("card_events WHERE type = 100"); }

  testing::CardTestDatabase card_db_;
  std::vector<std::string> tokens_;
  std::unique_ptr<TransactionStore> store_;
};

TEST_F(TransactionStoreTest, AResentPageStoresOnlyWhatIsNew) {
  EXPECT_EQ(Codes({Txn("t1"), Txn("t2", 1), Txn("t3")}),
            (std::vector<StatusCode>(3, StatusCode::kOk)));
  // The bank resends t2 and t3 with new ones: a repeat within the page, a
  // token of no card, a malformed amount.
  EXPECT_EQ(Codes({Txn("t2", 1),
                   Txn("t4"),
                   Txn("t4"),
                   Txn("t3"),
                   {"t5", "tok-nobody", "m-001", 100, absl::Now()},
                   Txn("t6", 0, 0),
                   Txn("t7", 1)}),
            (std::vector<StatusCode>{
                StatusCode::kAlreadyExists, StatusCode::kOk,
                StatusCode::kAlreadyExists, StatusCode::kAlreadyExists,
                StatusCode::kFailedPrecondition, StatusCode::kInvalidArgument,
                StatusCode::kOk}));
  EXPECT_EQ(Stored(), 5);
  EXPECT_EQ(OnTheFeed(), 5);
  // A page of repeats only stores and publishes nothing.
  EXPECT_EQ(Codes({Txn("t7", 1), Txn("t1")}),
            (std::vector<StatusCode>(2, StatusCode::kAlreadyExists)));
  EXPECT_EQ(Stored(), 5);
  EXPECT_EQ(OnTheFeed(), 5);
  EXPECT_EQ(card_db_.Count("card_transactions WHERE bank_transaction_id = "
                           "'t2' AND card_id = (SELECT id FROM cards WHERE "
                           "bank_token = '" +
                           tokens_[1] + "')"),
            1);
}

// A page longer than one INSERT statement (500 rows) whose repeat is in
// its second statement: the first statement's rows are undone with it
// (the savepoint), then the page is written once without the repeat.
TEST_F(TransactionStoreTest, ARepeatInALongPageUndoesTheWholePageFirst) {
  ASSERT_EQ(Codes({Txn("t0999")}), std::vector<StatusCode>{StatusCode::kOk});
  std::vector<BankTransaction> page;
  for (int i = 0; i < 600; ++i) {
    page.push_back(Txn(absl::StrFormat("t%04d", i), i % 2));
  }
  page.push_back(Txn("t0999"));
  std::vector<StatusCode> expected(600, StatusCode::kOk);
  expected.push_back(StatusCode::kAlreadyExists);
  EXPECT_EQ(Codes(page), expected);
  EXPECT_EQ(Stored(), 601);
  EXPECT_EQ(OnTheFeed(), 601);
}

TEST_F(TransactionStoreTest, AnIdWithSpacesAroundIsRefused) {
  // The table's collation ignores trailing spaces: "t1 " would be "t1".
  EXPECT_EQ(
      Codes({Txn("t1 "), Txn(" t1"), Txn("t1")}),
      (std::vector<StatusCode>{StatusCode::kInvalidArgument,
                               StatusCode::kInvalidArgument, StatusCode::kOk}));
}

TEST_F(TransactionStoreTest, OverlappingPagesAtOnceStoreEachTransactionOnce) {
  // Four senders, each with a page overlapping its neighbour's by half and
  // in its own order (as a bank resending unanswered calls might).
  constexpr int kSenders = 4, kPerPage = 200;
  std::vector<int> stored_by(kSenders, 0);
  std::vector<std::thread> senders;
  for (int k = 0; k < kSenders; ++k) {
    senders.emplace_back([&, k] {
      std::vector<BankTransaction> page;
      for (int i = 0; i < kPerPage; ++i) {
        page.push_back(
            Txn(absl::StrCat("t", k * kPerPage / 2 + i), i % 2, 100 + i));
      }
      std::shuffle(page.begin(), page.end(), std::mt19937(k));
      // A page that lost three deadlocks in a row fails as a whole and the
      // bank sends it again, as here.
      absl::StatusOr<std::vector<absl::Status>> results;
      for (int attempt = 0; attempt < 5; ++attempt) {
        results = store_->Ingest(page);
        if (results.ok()) break;
      }
      ASSERT_TRUE(results.ok()) << results.status();
      for (const absl::Status& s : *results) {
        EXPECT_TRUE(s.ok() || s.code() == StatusCode::kAlreadyExists) << s;
        stored_by[k] += s.ok() ? 1 : 0;
      }
    });
  }
  for (std::thread& t : senders) t.join();
  const int distinct = (kSenders + 1) * kPerPage / 2;
  int stored = 0;
  for (int n : stored_by) stored += n;
  EXPECT_EQ(stored, distinct);
  EXPECT_EQ(Stored(), distinct);
  EXPECT_EQ(OnTheFeed(), distinct);
}

}  // namespace
}  // namespace unioncard::card
