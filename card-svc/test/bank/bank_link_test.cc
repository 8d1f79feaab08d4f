// The bank link end to end over mutual TLS on loopback: card-svc's
// notification service and batch submitter, and tools/bank-sim with its
// faults switched on.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "card-svc/src/api/bank_notifications_service.h"
#include "card-svc/src/app/batch_submitter.h"
#include "card-svc/test/bank_certs.h"
#include "card-svc/test/card_test_database.h"
#include "common/db/migrations.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/service_runner.h"
#include "common/testing/eventually.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"
#include "tools/bank-sim/bank_simulator.h"

namespace unioncard::card {
namespace {

class BankLinkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { testing::BankCerts::Make(); }
  static void TearDownTestSuite() { testing::BankCerts::Remove(); }
  static rpc::TlsFiles Tls(const std::string& name) {
    return testing::BankCerts::Tls(name);
  }

  void StartLink(banksim::BankSimOptions options) {
    ASSERT_TRUE(card_db_.Open().ok());
    cards_ = &card_db_.cards();

    // card-svc's notification endpoint, accepting only the bank.
    payouts_ = std::make_unique<PayoutStore>(&card_db_.pool());
    transactions_ = std::make_unique<TransactionStore>(
        &card_db_.pool(), &CardEventOutbox(), &CardEventEncoder::Get());
    notifications_ = std::make_unique<BankNotificationsService>(
        cards_, payouts_.get(), transactions_.get(), "bank-sim");
    rpc::ServerOptions card_side;
    card_side.listen_address = "127.0.0.1:0";
    card_side.metrics_port = -1;
    card_side.credentials = *rpc::MutualTlsServerCredentials(Tls("card-svc"));
    card_runner_ = std::make_unique<rpc::ServiceRunner>(card_side);
    card_runner_->AddService(notifications_.get());
    ASSERT_TRUE(card_runner_->Start().ok());

    // The bank, calling back card-svc with its own certificate.
    bank_ = std::make_unique<banksim::BankSimulator>(
        options, bank::v1::BankNotifications::NewStub(rpc::MakeChannel(
                     absl::StrCat("127.0.0.1:", card_runner_->port()),
                     *rpc::MutualTlsChannelCredentials(Tls("bank-sim")))));
    rpc::ServerOptions bank_side = card_side;
    bank_side.credentials = *rpc::MutualTlsServerCredentials(Tls("bank-sim"));
    bank_runner_ = std::make_unique<rpc::ServiceRunner>(bank_side);
    bank_runner_->AddService(bank_.get());
    ASSERT_TRUE(bank_runner_->Start().ok());
    bank_->Start();

    service_.subject = "card-svc";
    service_.role = auth::Role::kService;
    submitter_ = std::make_unique<BatchSubmitter>(
        cards_,
        bank::v1::PartnerBank::NewStub(rpc::MakeChannel(
            absl::StrCat("127.0.0.1:", bank_runner_->port()),
            *rpc::MutualTlsChannelCredentials(Tls("card-svc")))),
        service_);
  }

  void TearDown() override {
    if (bank_ != nullptr) bank_->Stop();
    for (auto* runner : {bank_runner_.get(), card_runner_.get()}) {
      if (runner == nullptr) continue;
      runner->RequestShutdown();
      runner->Wait();
    }
  }

  std::vector<int64_t> RequestCards(int n) {
    std::vector<int64_t> ids;
    for (int i = 1; i <= n; ++i) {
      auto card = cards_->Request(service_, absl::StrCat("req-", i), 1000 + i,
                                  "cangxian", "cangxian-g0001");
      EXPECT_TRUE(card.ok()) << card.status();
      ids.push_back(card->id);
    }
    return ids;
  }

  int64_t Count(const std::string& from) { return card_db_.Count(from); }

  static bool Eventually(const std::function<bool()>& done) {
    return unioncard::testing::Eventually(done, absl::Seconds(15));
  }

  testing::CardTestDatabase card_db_;
  CardStore* cards_ = nullptr;
  std::unique_ptr<PayoutStore> payouts_;
  std::unique_ptr<TransactionStore> transactions_;
  std::unique_ptr<BankNotificationsService> notifications_;
  std::unique_ptr<rpc::ServiceRunner> card_runner_, bank_runner_;
  std::unique_ptr<banksim::BankSimulator> bank_;
  std::unique_ptr<BatchSubmitter> submitter_;
  auth::Principal service_;
};

TEST_F(BankLinkTest, ABatchCompletesDespiteUnavailableAndDuplicates) {
  banksim::BankSimOptions options;
  options.seed = 7;
  options.rejection_rate = 0.2;
  options.activation_share = 0.75;
  options.duplicate_rate = 0.5;
  options.unavailable_rate = 0.5;
  StartLink(options);
  const std::vector<int64_t> ids = RequestCards(40);
  ASSERT_TRUE(submitter_->Submit("batch-1", ids).ok());
  // Sending the same batch again is harmless.
  ASSERT_TRUE(submitter_->Submit("batch-1", ids).ok());
  EXPECT_EQ(bank_->applications(), 40);

  // Every card reaches its end (rejected, issued or activated) and the
  // bank has nothing left to tell.
  ASSERT_TRUE(Eventually([&] {
    return bank_->notifications_pending() == 0 &&
           Count("cards WHERE state IN (1, 2)") == 0;
  }));
  const int64_t rejected = Count("cards WHERE state = 5");
  const int64_t issued = Count("cards WHERE state IN (3, 4)");
  EXPECT_EQ(rejected + issued, 40);
  EXPECT_GT(rejected, 0);
  EXPECT_GT(Count("cards WHERE state = 4"), 0);
  // One history row per real change: requested, submitted, then issued or
  // rejected, then activated — duplicates added none.
  EXPECT_EQ(Count("card_history"), 40 * 3 + Count("cards WHERE state = 4"));
  // And duplicates were really sent: the bank had more notifications
  // acknowledged than there were changes to report.
  EXPECT_GT(bank_->notifications_acknowledged(),
            40 + Count("cards WHERE state = 4"));
  EXPECT_EQ(Count("cards WHERE state IN (3, 4) AND (bank_token IS NULL OR "
                  "LENGTH(last4) <> 4)"),
            0);
}

TEST_F(BankLinkTest, OnlyTheBankMayNotifyAndOnlyCardSvcMaySubmit) {
  StartLink({});
  // card-svc's certificate calling the notification endpoint: refused.
  auto impostor = bank::v1::BankNotifications::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", card_runner_->port()),
                       *rpc::MutualTlsChannelCredentials(Tls("card-svc"))));
  bank::v1::NotifyCardsRequest n;
  bank::v1::NotificationAcks acks;
  grpc::ClientContext context;
  EXPECT_EQ(impostor->NotifyCards(&context, n, &acks).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The bank's certificate submitting applications to itself: refused.
  auto wrong = bank::v1::PartnerBank::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", bank_runner_->port()),
                       *rpc::MutualTlsChannelCredentials(Tls("bank-sim"))));
  bank::v1::SubmitApplicationsRequest request;
  bank::v1::SubmitApplicationsResponse response;
  grpc::ClientContext context2;
  EXPECT_EQ(
      wrong->SubmitApplications(&context2, request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(BankLinkTest, ActivationsOvertakingTheirIssueAreAppliedInTurn) {
  banksim::BankSimOptions options;
  options.seed = 3;
  options.issue_delay = absl::Milliseconds(50);
  options.activation_delay = absl::Milliseconds(1);
  options.reorder_rate = 0.7;  // most news held back by up to 300 ms
  StartLink(options);
  const std::vector<int64_t> ids = RequestCards(30);
  ASSERT_TRUE(submitter_->Submit("batch-r", ids).ok());
  ASSERT_TRUE(Eventually([&] {
    return bank_->notifications_pending() == 0 &&
           Count("cards WHERE state = 4") == 30;
  }));
  // Every card went SUBMITTED → ISSUED → ACTIVATED, whatever the order the
  // news came in: four history rows each, and a token on every card.
  EXPECT_EQ(Count("card_history"), 30 * 4);
  EXPECT_EQ(Count("cards WHERE bank_token IS NULL"), 0);
}

}  // namespace
}  // namespace unioncard::card
