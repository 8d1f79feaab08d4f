#ifndef UNIONCARD_CARD_SVC_TEST_API_CARD_SERVICE_ENV_H_
#define UNIONCARD_CARD_SVC_TEST_API_CARD_SERVICE_ENV_H_

// card-svc with everything real around it: member-svc on loopback over its
// own schema, card-svc's schema, tools/bank-sim over mutual TLS, and
// card-svc itself — in this process, or (crash tests) as its own process.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "card-svc/src/card_server.h"
#include "card-svc/test/bank_certs.h"
#include "card-svc/test/card_test_database.h"
#include "card/v1/card.grpc.pb.h"
#include "card/v1/payouts.grpc.pb.h"
#include "common/grpc/status_bridge.h"
#include "common/testing/eventually.h"
#include "common/testing/grpc_call.h"
#include "common/testing/service_process.h"
#include "member-svc/test/api/member_test_env.h"
#include "tools/bank-sim/bank_simulator.h"

namespace unioncard::card::testing {

// A caller of the card and payout APIs holding a token for one role and
// unit.
class CardCaller {
 public:
  CardCaller(std::shared_ptr<grpc::Channel> channel, std::string token)
      : stub_(v1::CardService::NewStub(channel)),
        payouts_(v1::PayoutService::NewStub(channel)),
        token_(std::move(token)) {}

  std::unique_ptr<grpc::ClientContext> Context() const;
  v1::CardService::Stub& stub() { return *stub_; }

  // Any unary method: Call(&v1::CardService::Stub::ListCards, request).
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (v1::CardService::Stub::*method)(grpc::ClientContext*,
                                                    const Request&, Response*),
      const Request& request) {
    return unioncard::testing::CallAs(*stub_, method, token_, request);
  }
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (v1::PayoutService::Stub::*method)(
                                    grpc::ClientContext*, const Request&,
                                    Response*),
                                const Request& request) {
    return unioncard::testing::CallAs(*payouts_, method, token_, request);
  }

  absl::StatusOr<v1::Card> Request(int64_t member_id,
                                   const std::string& request_id = "");
  absl::StatusOr<v1::Card> Get(int64_t card_id);
  absl::StatusOr<v1::IssuanceBatch> CreateBatch(
      const std::string& org_id, const std::vector<int64_t>& member_ids = {},
      const std::string& request_id = "");
  absl::StatusOr<v1::IssuanceBatch> GetBatch(int64_t batch_id);
  absl::StatusOr<v1::MemberCards> MemberCards(int64_t member_id);
  // Freeze, unfreeze, report lost, cancel: `method` is the stub's (each
  // takes its own request with the same fields).
  template <typename ChangeRequest>
  absl::StatusOr<v1::Card> Change(grpc::Status (v1::CardService::Stub::*method)(
                                      grpc::ClientContext*,
                                      const ChangeRequest&, v1::Card*),
                                  int64_t card_id,
                                  const std::string& reason = "") {
    ChangeRequest request;
    request.set_card_id(card_id);
    request.set_reason(reason);
    return Call(method, request);
  }

 private:
  std::unique_ptr<v1::CardService::Stub> stub_;
  std::unique_ptr<v1::PayoutService::Stub> payouts_;
  std::string token_;
};

class CardServiceEnv : public member::testing::MemberServiceEnv {
 protected:
  static void SetUpTestSuite() { BankCerts::Make(); }
  static void TearDownTestSuite() { BankCerts::Remove(); }

  // member-svc and card-svc's schema; bank-sim and card-svc start when a
  // test calls StartCardSvc (so it can pick the bank's faults).
  void SetUp() override;
  void TearDown() override;

  // bank-sim (in this process) and card-svc, in this process.
  void StartCardSvc(banksim::BankSimOptions bank = {});
  // bank-sim alone, calling card-svc's bank-link port `card_bank_port`.
  void StartBank(banksim::BankSimOptions options, int card_bank_port);
  // The bank's gRPC server alone, on `port` (0: a free one); the bank
  // keeps what it knows. Stopping it drops card-svc's connections.
  void StartBankServer(int port);
  void StopBankServer();
  // card-svc's configuration for this environment.
  CardServerConfig CardConfig(int card_bank_port);
  // The same for the card-svc binary (tests that kill it or measure it as
  // a process): the token and key files it reads are written to `dir`.
  unioncard::testing::ServiceProcessOptions CardProcess(const std::string& dir,
                                                        int port,
                                                        int card_bank_port);

  // `subject` defaults to "<role>@<org>".
  CardCaller CardsAs(auth::Role role, const std::string& org_id,
                     const std::string& org_path,
                     const std::string& subject = "");
  // A member's card issued and activated through a batch of its own.
  int64_t ActivatedCard(const member::v1::OrgUnit& union_unit,
                        int64_t member_id);
  CardCaller CityCards() {
    return CardsAs(auth::Role::kCityAdmin, "city", "/city/");
  }
  CardCaller CountyCards(const std::string& county,
                         const std::string& who = "") {
    return CardsAs(auth::Role::kCountyStaff, county,
                   absl::StrCat("/city/", county, "/"), who);
  }
  // member-svc's address when it runs as a process (else server_'s).
  std::string member_address_;
  // card-svc's payout_result_wait (CardConfig), before StartCardSvc.
  absl::Duration payout_result_wait_ = absl::Minutes(10);
  // card-svc's address: the in-process server's unless set otherwise.
  std::string card_address_;

  // A member of `union_id` registered, verified by the county and approved
  // by the city (person `n`).
  int64_t ApprovedMember(const member::v1::OrgUnit& union_unit, int n);
  // Polls `done` every `poll` for up to `timeout`.
  static bool Eventually(const std::function<bool()>& done,
                         absl::Duration timeout = absl::Seconds(30),
                         absl::Duration poll = absl::Milliseconds(100)) {
    return unioncard::testing::Eventually(done, timeout, poll);
  }
  int64_t CardRows(const std::string& from_where) {
    return card_db_.Count(from_where);
  }
  int member_port() const { return server_->port(); }

  CardTestDatabase card_db_;
  std::string service_token_;  // card-svc's token for member-svc
  std::unique_ptr<banksim::BankSimulator> bank_;
  std::unique_ptr<rpc::ServiceRunner> bank_runner_;
  std::unique_ptr<RunningCardSvc> card_server_;
};

}  // namespace unioncard::card::testing

#endif  // UNIONCARD_CARD_SVC_TEST_API_CARD_SERVICE_ENV_H_
