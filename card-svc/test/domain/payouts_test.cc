#include "card-svc/src/domain/payouts.h"

#include "common/status/field_violations.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

TEST(PayoutsTest, ItemsAreCheckedEachByName) {
  EXPECT_TRUE(
      ValidatePayoutItems({{"k1", 7, 50000, "金秋助学"}}, 1000000).ok());
  absl::Status s = ValidatePayoutItems({{"k1", 7, 0, "金秋助学"},
                                        {"k1", 0, 2000000, ""},
                                        {"", 9, 100, "一日捐救助"}},
                                       1000000);
  std::vector<std::string> fields;
  for (const auto& v : status::FieldViolationsOf(s)) fields.push_back(v.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{
                "items[0].amount_fen", "items[1].amount_fen",
                "items[1].member_id", "items[1].reason",
                "items[1].idempotency_key", "items[2].idempotency_key"}));
  EXPECT_EQ(ValidatePayoutItems({}, 1).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PayoutsTest, OnlyActivatedCardsAndNoSelfApproval) {
  EXPECT_TRUE(CheckPayableCard(CardState::kActivated).ok());
  for (CardState s : {CardState::kIssued, CardState::kFrozen, CardState::kLost,
                      CardState::kCancelled}) {
    EXPECT_EQ(CheckPayableCard(s).code(), absl::StatusCode::kFailedPrecondition)
        << CardStateName(s);
  }
  EXPECT_EQ(CheckApprover("clerk-a", "clerk-a").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckApprover("clerk-a", "clerk-b").ok());
}

TEST(PayoutsTest, ReconciliationListsEveryDifference) {
  const std::vector<Movement> ledger = {
      {"a", "tok-1", 10000},  // matches
      {"b", "tok-2", 20000},  // missing at the bank
      {"c", "tok-3", 30000},  // bank paid 3,000.01 yuan
      {"d", "tok-4", 40000},  // bank paid it twice
      {"e", "tok-5", 50000},  // bank paid another card
  };
  const std::vector<Movement> statement = {
      {"a", "tok-1", 10000}, {"c", "tok-3", 30001}, {"d", "tok-4", 40000},
      {"d", "tok-4", 40000}, {"e", "tok-9", 50000}, {"z", "tok-7", 999},
  };
  Reconciliation r = Reconcile(ledger, statement);
  EXPECT_EQ(r.matched, 1);
  EXPECT_EQ(r.ledger_total_fen, 150000);
  EXPECT_EQ(r.bank_total_fen,
            171000);  // 10,000 + 30,001 + 2 × 40,000 + 50,000 + 999
  ASSERT_EQ(r.differences.size(), 5u);
  EXPECT_EQ(r.differences[0].kind, DifferenceKind::kMissingAtBank);   // b
  EXPECT_EQ(r.differences[1].kind, DifferenceKind::kAmountMismatch);  // c
  EXPECT_EQ(r.differences[1].bank_fen, 30001);
  EXPECT_EQ(r.differences[2].kind, DifferenceKind::kDuplicateAtBank);  // d
  EXPECT_EQ(r.differences[2].bank_fen, 80000);
  EXPECT_EQ(r.differences[3].kind, DifferenceKind::kCardMismatch);   // e
  EXPECT_EQ(r.differences[4].kind, DifferenceKind::kUnknownAtBank);  // z
  EXPECT_EQ(r.differences[4].idempotency_key, "z");
}

TEST(PayoutsTest, AClearDayHasNoDifferences) {
  Reconciliation r = Reconcile({{"a", "t", 1}}, {{"a", "t", 1}});
  EXPECT_TRUE(r.differences.empty());
  EXPECT_EQ(r.matched, 1);
}

}  // namespace
}  // namespace unioncard::card
