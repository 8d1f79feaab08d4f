// Payouts end to end: maker-checker, the bank paying each item once
// whatever is retried or duplicated, and the day's reconciliation.
#include "card-svc/src/api/payout_service.h"

#include <cppconn/statement.h>

#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/api_types.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

using Payouts = v1::PayoutService::Stub;

class PayoutServiceTest : public testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    unit_ = *CityAdmin().CreateUnion("renqiu", "任丘石化工会");
  }

  // Members of unit_ with activated cards.
  std::vector<int64_t> MembersWithActiveCards(int n) {
    std::vector<int64_t> ids;
    for (int i = 1; i <= n; ++i) ids.push_back(ApprovedMember(unit_, i));
    auto batch = CountyCards("renqiu").CreateBatch(unit_.id());
    EXPECT_TRUE(batch.ok()) << batch.status();
    EXPECT_TRUE(Eventually([&] {
      auto b = CityCards().GetBatch(batch->id());
      return b.ok() && b->state() == v1::BATCH_STATE_COMPLETE &&
             b->activated() == n;
    }));
    return ids;
  }

  static v1::CreatePayoutBatchRequest Request(
      const std::vector<std::pair<int64_t, int64_t>>& member_fen) {
    v1::CreatePayoutBatchRequest r;
    r.set_programme_id("golden-autumn");
    r.set_title("2026年金秋助学");
    for (const auto& [member, fen] : member_fen) {
      v1::PayoutLine* line = r.add_items();
      line->set_member_id(member);
      line->set_amount_fen(fen);
      line->set_reason("子女考入大学");
    }
    return r;
  }

  testing::CardCaller Maker() { return CountyCards("renqiu", "clerk-li"); }
  testing::CardCaller Checker() { return CountyCards("renqiu", "head-wang"); }

  absl::StatusOr<v1::PayoutBatch> Approve(testing::CardCaller who,
                                          int64_t batch_id) {
    v1::ApprovePayoutBatchRequest r;
    r.set_batch_id(batch_id);
    return who.Call(&Payouts::ApprovePayoutBatch, r);
  }

  bool AllSettled(int64_t batch_id) {
    v1::GetPayoutBatchRequest r;
    r.set_batch_id(batch_id);
    auto b = CityCards().Call(&Payouts::GetPayoutBatch, r);
    return b.ok() && b->outstanding() == 0 &&
           bank_->notifications_pending() == 0;
  }

  member::v1::OrgUnit unit_;
};

TEST_F(PayoutServiceTest, ApprovedItemsArePaidOnceDespiteRetriesAndDuplicates) {
  banksim::BankSimOptions bank;
  bank.duplicate_rate = 0.5;
  bank.unavailable_rate = 0.3;
  bank.seed = 5;
  StartCardSvc(bank);
  const std::vector<int64_t> m = MembersWithActiveCards(3);
  v1::CreatePayoutBatchRequest request =
      Request({{m[0], 50000}, {m[1], 20000}, {m[2], 12345}});
  request.set_request_id("golden-autumn-renqiu-1");
  auto batch = Maker().Call(&Payouts::CreatePayoutBatch, request);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->state(), v1::PAYOUT_BATCH_STATE_AWAITING_APPROVAL);
  EXPECT_EQ(batch->total_fen(), 82345);
  EXPECT_EQ(batch->item_count(), 3);
  // The clerk's retry is the same batch.
  auto retried = Maker().Call(&Payouts::CreatePayoutBatch, request);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->id(), batch->id());
  // Another county's token with the same subject replaying the request id
  // is refused: the ledger remembers who asked, not just the name.
  auto replayed = CountyCards("botou", "clerk-li")
                      .Call(&Payouts::CreatePayoutBatch, request);
  EXPECT_EQ(replayed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(replayed.status().message().find("request_id"), std::string::npos);

  // Nothing moves before a second person approves.
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(bank_->payouts_booked(), 0);
  auto self = Approve(Maker(), batch->id());
  EXPECT_EQ(self.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(self.status().message().find("creator"), std::string::npos);
  EXPECT_EQ(
      Approve(CountyCards("botou", "head-zhao"), batch->id()).status().code(),
      absl::StatusCode::kPermissionDenied);
  auto approved = Approve(Checker(), batch->id());
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::PAYOUT_BATCH_STATE_APPROVED);
  EXPECT_EQ(approved->approved_by(), "head-wang");
  auto twice = Approve(Checker(), batch->id());
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(Eventually([&] { return AllSettled(batch->id()); }));
  v1::GetPayoutBatchRequest get;
  get.set_batch_id(batch->id());
  auto paid = Maker().Call(&Payouts::GetPayoutBatch, get);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->paid(), 3);
  EXPECT_EQ(paid->paid_fen(), 82345);
  for (const auto& item : paid->items()) {
    EXPECT_EQ(item.state(), v1::PAYOUT_ITEM_STATE_PAID);
    EXPECT_FALSE(item.bank_reference().empty());
  }
  EXPECT_EQ(bank_->payouts_booked(), 3);
  EXPECT_EQ(CardRows("payout_ledger"), 3);
  // The ledger cannot be rewritten, even by card-svc's own account.
  absl::Status rewrite = card_db_.pool().Run([](sql::Connection& c) {
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->execute("UPDATE payout_ledger SET amount_fen = 1");
    return absl::OkStatus();
  });
  EXPECT_FALSE(rewrite.ok());
}

// The bank books every payout but its reports never reach card-svc (as
// after a restore from a backup older than the reports): card-svc finds
// them on the bank's statement once they are overdue and settles them as
// the reports would have.
TEST_F(PayoutServiceTest, ResultsNeverReportedAreSettledFromTheStatement) {
  banksim::BankSimOptions bank;
  bank.lost_payout_report_rate = 1;
  payout_result_wait_ = absl::Seconds(1);
  StartCardSvc(bank);
  const std::vector<int64_t> m = MembersWithActiveCards(3);
  v1::CreatePayoutBatchRequest request =
      Request({{m[0], 30000}, {m[1], 20000}, {m[2], 10000}});
  request.set_request_id("golden-autumn-renqiu-lost");
  auto batch = Maker().Call(&Payouts::CreatePayoutBatch, request);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_TRUE(Approve(Checker(), batch->id()).ok());
  ASSERT_TRUE(Eventually([&] { return AllSettled(batch->id()); }));
  v1::GetPayoutBatchRequest get;
  get.set_batch_id(batch->id());
  auto settled = CityCards().Call(&Payouts::GetPayoutBatch, get);
  ASSERT_TRUE(settled.ok()) << settled.status();
  for (const v1::PayoutItem& item : settled->items()) {
    EXPECT_EQ(item.state(), v1::PAYOUT_ITEM_STATE_PAID);
  }
  EXPECT_EQ(bank_->payouts_booked(), 3);
  EXPECT_EQ(CardRows("payout_ledger"), 3);
  EXPECT_EQ(CardRows("payout_items WHERE bank_reference LIKE 'sim-pay-%'"), 3);
  // The audit trail says card-svc read them off the statement.
  EXPECT_EQ(CardRows("audit_log WHERE action = 'payout.paid_per_statement' "
                     "AND actor = 'card-svc'"),
            3);
  EXPECT_EQ(CardRows("audit_log WHERE action = 'payout.paid'"), 0);
  v1::ReconcileDayRequest day;
  day.set_date(
      absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime())));
  auto reconciliation = CityCards().Call(&Payouts::ReconcileDay, day);
  ASSERT_TRUE(reconciliation.ok()) << reconciliation.status();
  EXPECT_EQ(reconciliation->matched(), 3);
  EXPECT_EQ(reconciliation->differences_size(), 0);
  EXPECT_EQ(reconciliation->ledger_total_fen(), 60000);
}

// Only what the statement shows exactly is settled: a payout on no
// statement, or booked with another amount, stays AT_BANK and out of the
// ledger, for a person to look at.
TEST_F(PayoutServiceTest, StatementSettlesOnlyAnExactBooking) {
  banksim::BankSimOptions bank;
  bank.lost_payout_report_rate = 1;
  payout_result_wait_ = absl::Seconds(3);
  StartCardSvc(bank);
  const std::vector<int64_t> m = MembersWithActiveCards(3);
  v1::CreatePayoutBatchRequest request =
      Request({{m[0], 30000}, {m[1], 20000}, {m[2], 10000}});
  request.set_request_id("golden-autumn-renqiu-inexact");
  auto batch = Maker().Call(&Payouts::CreatePayoutBatch, request);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_TRUE(Approve(Checker(), batch->id()).ok());
  // Changed at the bank as soon as it has them, before they are overdue.
  ASSERT_TRUE(Eventually(
      [&] { return CardRows("payout_items WHERE state = 3") == 3; }));
  const std::string not_booked = batch->items(0).idempotency_key();
  const std::string other_amount = batch->items(1).idempotency_key();
  bank_->DropFromStatement(not_booked);
  bank_->SetStatementAmount(other_amount, 19999);
  ASSERT_TRUE(Eventually(
      [&] { return CardRows("payout_items WHERE state = 4") == 1; }));
  absl::SleepFor(absl::Seconds(4));  // a further round changes nothing
  EXPECT_EQ(CardRows("payout_items WHERE state = 4"), 1);
  EXPECT_EQ(CardRows(absl::StrCat("payout_items WHERE state = 3 AND "
                                  "idempotency_key IN ('",
                                  not_booked, "', '", other_amount, "')")),
            2);
  EXPECT_EQ(CardRows("payout_ledger"), 1);
  v1::ReconcileDayRequest day;
  day.set_date(
      absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime())));
  auto reconciliation = CityCards().Call(&Payouts::ReconcileDay, day);
  ASSERT_TRUE(reconciliation.ok()) << reconciliation.status();
  EXPECT_EQ(reconciliation->matched(), 1);
  ASSERT_EQ(reconciliation->differences_size(), 1);
  EXPECT_EQ(reconciliation->differences(0).idempotency_key(), other_amount);
  EXPECT_EQ(reconciliation->differences(0).kind(),
            v1::ReconciliationDifference::KIND_UNKNOWN_AT_BANK);
}

TEST_F(PayoutServiceTest, OnlyActivatedCardsInTheMakersUnitAreAccepted) {
  StartCardSvc();
  const std::vector<int64_t> m = MembersWithActiveCards(1);
  const int64_t queued = ApprovedMember(unit_, 7);
  ASSERT_TRUE(CountyCards("renqiu").Request(queued).ok());
  const int64_t no_card = ApprovedMember(unit_, 8);

  auto refused =
      Maker().Call(&Payouts::CreatePayoutBatch,
                   Request({{queued, 100}, {no_card, 100}, {m[0], 100}}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("items[0]"), std::string::npos);
  EXPECT_NE(refused.status().message().find("REQUESTED"), std::string::npos);
  EXPECT_NE(refused.status().message().find("items[1]"), std::string::npos);
  EXPECT_EQ(refused.status().message().find("items[2]"), std::string::npos);

  auto bad = Maker().Call(&Payouts::CreatePayoutBatch,
                          Request({{m[0], 0}, {m[0], 6'000'000}}));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("items[0].amount_fen"),
            std::string::npos);
  EXPECT_NE(bad.status().message().find("items[1].amount_fen"),
            std::string::npos);
  auto elsewhere = CountyCards("cangxian", "clerk-x")
                       .Call(&Payouts::CreatePayoutBatch, Request({{m[0], 1}}));
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kPermissionDenied);
  v1::CreatePayoutBatchRequest unknown = Request({{m[0], 1}});
  unknown.set_programme_id("lottery");
  EXPECT_EQ(Maker().Call(&Payouts::CreatePayoutBatch, unknown).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(CardsAs(auth::Role::kGrassrootsStaff, unit_.id(), unit_.path())
                .Call(&Payouts::CreatePayoutBatch, Request({{m[0], 1}}))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CardRows("payout_batches"), 0);
  EXPECT_EQ(CardRows("payout_items"), 0);
}

TEST_F(PayoutServiceTest, ACardFrozenAfterApprovalIsNotPaidAndADeclineIsFinal) {
  StartCardSvc();
  const std::vector<int64_t> m = MembersWithActiveCards(2);
  auto batch =
      Maker().Call(&Payouts::CreatePayoutBatch, Request({{m[0], 1000}}));
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(CountyCards("renqiu")
                  .Change(&v1::CardService::Stub::FreezeCard,
                          batch->items(0).card_id(), "挂失前冻结")
                  .ok());
  ASSERT_TRUE(Approve(Checker(), batch->id()).ok());
  ASSERT_TRUE(Eventually([&] { return AllSettled(batch->id()); }));
  v1::GetPayoutBatchRequest get;
  get.set_batch_id(batch->id());
  auto settled = Checker().Call(&Payouts::GetPayoutBatch, get);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->failed(), 1);
  EXPECT_NE(settled->items(0).result().find("ACTIVATED"), std::string::npos);
  EXPECT_EQ(bank_->payouts_booked(), 0);

  auto second =
      Maker().Call(&Payouts::CreatePayoutBatch, Request({{m[1], 1000}}));
  ASSERT_TRUE(second.ok());
  v1::DeclinePayoutBatchRequest decline;
  decline.set_batch_id(second->id());
  EXPECT_EQ(
      Checker().Call(&Payouts::DeclinePayoutBatch, decline).status().code(),
      absl::StatusCode::kInvalidArgument);  // a note is required
  decline.set_note("名单有误");
  auto declined = Checker().Call(&Payouts::DeclinePayoutBatch, decline);
  ASSERT_TRUE(declined.ok());
  EXPECT_EQ(declined->state(), v1::PAYOUT_BATCH_STATE_DECLINED);
  EXPECT_EQ(declined->items(0).state(), v1::PAYOUT_ITEM_STATE_WITHDRAWN);
  EXPECT_EQ(Approve(Checker(), second->id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(bank_->payouts_booked(), 0);
}

TEST_F(PayoutServiceTest, ReconciliationReportsExactlyThePlantedDifferences) {
  StartCardSvc();
  const std::vector<int64_t> m = MembersWithActiveCards(3);
  auto batch = Maker().Call(&Payouts::CreatePayoutBatch,
                            Request({{m[0], 300}, {m[1], 400}, {m[2], 500}}));
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(Approve(Checker(), batch->id()).ok());
  ASSERT_TRUE(Eventually([&] { return AllSettled(batch->id()); }));
  const std::string today = absl::FormatCivilTime(
      absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)));
  v1::ReconcileDayRequest request;
  request.set_date(today);

  auto clean = CityCards().Call(&Payouts::ReconcileDay, request);
  ASSERT_TRUE(clean.ok()) << clean.status();
  EXPECT_EQ(clean->matched(), 3);
  EXPECT_EQ(clean->differences_size(), 0);
  EXPECT_EQ(clean->ledger_total_fen(), 1200);
  EXPECT_EQ(clean->bank_total_fen(), 1200);

  const std::string k0 = batch->items(0).idempotency_key();
  const std::string k1 = batch->items(1).idempotency_key();
  bank_->DropFromStatement(k0);
  bank_->SetStatementAmount(k1, 401);
  bank::v1::StatementLine stray;
  stray.set_idempotency_key("pay-unknown-1");
  stray.set_bank_token("sim-stray");
  stray.set_amount_fen(999);
  bank_->AddStatementLine(
      absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)), stray);

  auto differing = CityCards().Call(&Payouts::ReconcileDay, request);
  ASSERT_TRUE(differing.ok());
  EXPECT_EQ(differing->matched(), 1);
  std::map<std::string, v1::ReconciliationDifference> by_key;
  for (const auto& d : differing->differences())
    by_key[d.idempotency_key()] = d;
  ASSERT_EQ(by_key.size(), 3u);
  EXPECT_EQ(by_key[k0].kind(),
            v1::ReconciliationDifference::KIND_MISSING_AT_BANK);
  EXPECT_EQ(by_key[k1].kind(),
            v1::ReconciliationDifference::KIND_AMOUNT_MISMATCH);
  EXPECT_EQ(by_key[k1].ledger_fen(), 400);
  EXPECT_EQ(by_key[k1].bank_fen(), 401);
  EXPECT_EQ(by_key["pay-unknown-1"].kind(),
            v1::ReconciliationDifference::KIND_UNKNOWN_AT_BANK);

  request.set_date("2026-02-30");
  EXPECT_EQ(CityCards().Call(&Payouts::ReconcileDay, request).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.set_date(today);
  EXPECT_EQ(Maker().Call(&Payouts::ReconcileDay, request).status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace unioncard::card
