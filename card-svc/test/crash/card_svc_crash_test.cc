// card-svc killed (SIGKILL) in the middle of an issuance batch — while the
// batch is being filled, between marking a page SUBMITTED and sending it,
// and while the bank is reporting cards — then
// started again: nothing is lost and nothing happens twice. card-svc runs
// as the real binary; member-svc, bank-sim and MariaDB are real too.
#include <signal.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/testing/child_process.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

class CardSvcCrashTest : public testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    dir_ = ::testing::TempDir() + "/cardcrash-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    card_port_ = unioncard::testing::PickFreePort();
    card_bank_port_ = unioncard::testing::PickFreePort();
    card_address_ = absl::StrCat("127.0.0.1:", card_port_);
    unit_ = *CityAdmin().CreateUnion("botou", "泊头铸造厂工会");
  }

  void TearDown() override {
    process_.reset();
    CardServiceEnv::TearDown();
    // Keys and tokens go; the log stays for tools/logscan.
    unioncard::testing::RemoveAllButLogs(dir_);
  }

  // Starts the card-svc binary and waits until it serves.
  void StartProcess() {
    unioncard::testing::ServiceProcessOptions o =
        CardProcess(dir_, card_port_, card_bank_port_);
    // Small pages, so the kill can land between two of them.
    o.flags.push_back("--batch_page_size=5");
    auto process = unioncard::testing::StartServiceProcess(o);
    ASSERT_TRUE(process.ok()) << process.status();
    process_ = *std::move(process);
  }

  void Crash() {
    ASSERT_TRUE(unioncard::testing::KillServiceProcess(process_).ok());
  }

  // The batch COMPLETE and the bank with nothing more to say (60 s at most).
  bool BatchComplete(int64_t batch_id) {
    return Eventually(
        [&] {
          auto b = CityCards().GetBatch(batch_id);
          return b.ok() && b->state() == v1::BATCH_STATE_COMPLETE &&
                 bank_->notifications_pending() == 0;
        },
        absl::Seconds(60));
  }

  // `n` members of unit_, registered and approved in bulk.
  std::vector<int64_t> ApprovedMembers(int n) {
    std::vector<int64_t> ids;
    auto county = CountyStaff("botou");
    for (int i = 1; i <= n; ++i) {
      auto m = county.Register(Person(unit_.id(), i));
      EXPECT_TRUE(m.ok()) << m.status();
      if (m.ok()) ids.push_back(m->id());
    }
    EXPECT_TRUE(county.Review(ids, member::v1::REVIEW_ACTION_VERIFY).ok());
    EXPECT_TRUE(
        CityAdmin().Review(ids, member::v1::REVIEW_ACTION_APPROVE).ok());
    return ids;
  }

  std::string dir_;
  int card_port_ = 0, card_bank_port_ = 0;
  member::v1::OrgUnit unit_;
  std::unique_ptr<unioncard::testing::ChildProcess> process_;
};

TEST_F(CardSvcCrashTest, KilledWhileFillingAndWhileTheBankReportsLosesNothing) {
  constexpr int kMembers = 200;
  banksim::BankSimOptions bank;
  bank.seed = 11;
  bank.issue_delay = absl::Milliseconds(300);
  bank.activation_delay = absl::Milliseconds(300);
  bank.rejection_rate = 0.1;
  bank.activation_share = 0.5;
  bank.duplicate_rate = 0.3;
  bank.unavailable_rate = 0.3;
  bank.notifications_per_call = 5;  // news trickles in: a kill lands mid-way
  bank.pause_between_calls = absl::Milliseconds(10);
  StartBank(bank, card_bank_port_);
  const std::vector<int64_t> members = ApprovedMembers(kMembers);
  ASSERT_EQ(members.size(), static_cast<size_t>(kMembers));
  StartProcess();

  // 1. Killed while the batch is being filled.
  std::atomic<bool> call_returned{false};
  absl::Status first_call;
  std::thread clerk([&] {
    first_call =
        CountyCards("botou").CreateBatch(unit_.id(), {}, "crash-1").status();
    call_returned = true;
  });
  // Pages are written set-wise and quickly: watch closely.
  ASSERT_TRUE(Eventually([&] { return CardRows("cards") >= 20; },
                         absl::Seconds(60), absl::Milliseconds(2)));
  Crash();
  clerk.join();
  const int64_t cards_at_crash = CardRows("cards");
  ASSERT_LT(cards_at_crash, kMembers) << "the batch finished before the kill";
  EXPECT_FALSE(first_call.ok());

  // The clerk retries the same request once card-svc is back: the batch
  // is finished, with one card per member.
  StartProcess();
  auto batch = CountyCards("botou").CreateBatch(unit_.id(), {}, "crash-1");
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->members(), kMembers);
  EXPECT_EQ(batch->without_card(), 0);
  EXPECT_EQ(CardRows("cards"), kMembers);

  // 2. Killed while the bank is reporting issued cards.
  ASSERT_TRUE(Eventually(
      [&] { return CardRows("cards WHERE state IN (3, 4, 5)") > 0; }));
  Crash();
  const int64_t done_at_crash = CardRows("cards WHERE state IN (3, 4, 5)");
  EXPECT_LT(done_at_crash, kMembers) << "the bank finished before the kill";
  absl::SleepFor(absl::Milliseconds(500));  // the bank keeps trying
  StartProcess();

  ASSERT_TRUE(BatchComplete(batch->id()));
  auto done = CityCards().GetBatch(batch->id());
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->issued() + done->rejected(), kMembers);
  EXPECT_GT(done->rejected(), 0);
  EXPECT_GT(done->activated(), 0);
  // Nothing twice: one card per member, one application per card, and one
  // history row per real change.
  EXPECT_EQ(CardRows("cards"), kMembers);
  EXPECT_EQ(CardRows("(SELECT member_id FROM cards GROUP BY member_id "
                     "HAVING COUNT(*) > 1) twice"),
            0);
  EXPECT_EQ(bank_->applications(), kMembers);
  EXPECT_EQ(CardRows("card_history"),
            kMembers * 3 + CardRows("cards WHERE state = 4"));
  EXPECT_EQ(CardRows("issuance_batches"), 1);
}

// The page is written (every card SUBMITTED) and card-svc dies before the
// bank has the batch: after the restart the batch goes out again and every
// card is issued once.
TEST_F(CardSvcCrashTest, KilledBetweenMarkingAPageSubmittedAndSendingIt) {
  constexpr int kMembers = 40;
  banksim::BankSimOptions bank;
  bank.seed = 31;
  bank.duplicate_rate = 0.3;
  StartBank(bank, card_bank_port_);
  const std::vector<int64_t> members = ApprovedMembers(kMembers);
  StartProcess();
  bank_->SetHung(true);  // the send waits; the cards are already marked
  auto batch = CountyCards("botou").CreateBatch(unit_.id(), {}, "crash-3");
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_TRUE(Eventually(
      [&] { return CardRows("cards WHERE state = 2") == kMembers; }));
  Crash();
  EXPECT_EQ(bank_->applications(), 0) << "the bank took the batch";
  bank_->SetHung(false);
  StartProcess();

  ASSERT_TRUE(BatchComplete(batch->id()));
  EXPECT_EQ(bank_->applications(), kMembers);
  EXPECT_EQ(CardRows("cards WHERE state IN (3, 4)"), kMembers);
  EXPECT_EQ(CardRows("cards"), kMembers);
  // requested, submitted, issued — once each — and activated where it was.
  EXPECT_EQ(CardRows("card_history"),
            kMembers * 3 + CardRows("cards WHERE state = 4"));
  EXPECT_EQ(CardRows("card_history WHERE to_state = 2"), kMembers);
}

TEST_F(CardSvcCrashTest, KilledWhilePayingPaysEveryItemExactlyOnce) {
  constexpr int kMembers = 60;
  banksim::BankSimOptions bank;
  bank.seed = 23;
  bank.payout_delay = absl::Milliseconds(400);
  bank.duplicate_rate = 0.3;
  bank.unavailable_rate = 0.3;
  bank.notifications_per_call = 5;
  bank.pause_between_calls = absl::Milliseconds(10);
  StartBank(bank, card_bank_port_);
  const std::vector<int64_t> members = ApprovedMembers(kMembers);
  StartProcess();
  auto cards = CountyCards("botou").CreateBatch(unit_.id());
  ASSERT_TRUE(cards.ok()) << cards.status();
  // Issued is not enough: money goes only to activated cards.
  ASSERT_TRUE(Eventually(
      [&] { return CardRows("cards WHERE state = 4") == kMembers; }));

  v1::CreatePayoutBatchRequest request;
  request.set_request_id("relief-2026-11");
  request.set_programme_id("love-card-relief");
  request.set_title("爱心卡专项救助 2026年11月");
  int64_t total = 0;
  for (int i = 0; i < kMembers; ++i) {
    v1::PayoutLine* line = request.add_items();
    line->set_member_id(members[i]);
    line->set_amount_fen(10000 + i);
    line->set_reason("困难职工救助");
    total += 10000 + i;
  }
  auto maker = CountyCards("botou", "clerk-sun");
  auto batch = maker.Call(&v1::PayoutService::Stub::CreatePayoutBatch, request);
  ASSERT_TRUE(batch.ok()) << batch.status();
  v1::ApprovePayoutBatchRequest approve;
  approve.set_batch_id(batch->id());
  ASSERT_TRUE(CountyCards("botou", "head-zhou")
                  .Call(&v1::PayoutService::Stub::ApprovePayoutBatch, approve)
                  .ok());

  // Killed while the bank has the payouts and is about to report them.
  ASSERT_TRUE(
      Eventually([&] { return CardRows("payout_items WHERE state = 3") > 0; }));
  Crash();
  EXPECT_LT(CardRows("payout_ledger"), kMembers)
      << "everything was paid before the kill";
  absl::SleepFor(absl::Milliseconds(800));  // results pile up at the bank
  StartProcess();

  ASSERT_TRUE(Eventually(
      [&] {
        return CardRows("payout_items WHERE state = 4") == kMembers &&
               bank_->notifications_pending() == 0;
      },
      absl::Seconds(60)));
  EXPECT_EQ(bank_->payouts_booked(), kMembers);
  EXPECT_EQ(CardRows("payout_ledger"), kMembers);
  EXPECT_EQ(CardRows("payout_ledger WHERE amount_fen >= 10000"), kMembers);
  v1::ReconcileDayRequest day;
  day.set_date(absl::FormatCivilTime(
      absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600))));
  auto reconciliation =
      CityCards().Call(&v1::PayoutService::Stub::ReconcileDay, day);
  ASSERT_TRUE(reconciliation.ok()) << reconciliation.status();
  EXPECT_EQ(reconciliation->matched(), kMembers);
  EXPECT_EQ(reconciliation->differences_size(), 0);
  EXPECT_EQ(reconciliation->ledger_total_fen(), total);
  EXPECT_EQ(reconciliation->bank_total_fen(), total);
}

}  // namespace
}  // namespace unioncard::card
