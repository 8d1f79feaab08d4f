#include "card-svc/test/api/card_service_env.h"

#include <fstream>

#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/testing/mariadb_server.h"

namespace unioncard::card::testing {

std::unique_ptr<grpc::ClientContext> CardCaller::Context() const {
  auto context = rpc::OutboundContext(absl::Seconds(60));
  rpc::SetBearerToken(*context, token_);
  return context;
}

absl::StatusOr<v1::Card> CardCaller::Request(int64_t member_id,
                                             const std::string& request_id) {
  v1::RequestCardRequest request;
  request.set_member_id(member_id);
  request.set_request_id(request_id);
  return Call(&v1::CardService::Stub::RequestCard, request);
}

absl::StatusOr<v1::Card> CardCaller::Get(int64_t card_id) {
  v1::GetCardRequest request;
  request.set_id(card_id);
  return Call(&v1::CardService::Stub::GetCard, request);
}

absl::StatusOr<v1::IssuanceBatch> CardCaller::CreateBatch(
    const std::string& org_id, const std::vector<int64_t>& member_ids,
    const std::string& request_id) {
  v1::CreateIssuanceBatchRequest request;
  request.set_org_id(org_id);
  request.set_request_id(request_id);
  for (int64_t id : member_ids) request.add_member_ids(id);
  return Call(&v1::CardService::Stub::CreateIssuanceBatch, request);
}

absl::StatusOr<v1::IssuanceBatch> CardCaller::GetBatch(int64_t batch_id) {
  v1::GetIssuanceBatchRequest request;
  request.set_id(batch_id);
  return Call(&v1::CardService::Stub::GetIssuanceBatch, request);
}

absl::StatusOr<v1::MemberCards> CardCaller::MemberCards(int64_t member_id) {
  v1::GetMemberCardsRequest request;
  request.set_member_id(member_id);
  return Call(&v1::CardService::Stub::GetMemberCards, request);
}

void CardServiceEnv::SetUp() {
  MemberServiceEnv::SetUp();
  ASSERT_TRUE(card_db_.Open().ok());
  auth::Principal service{
      "card-svc", auth::Role::kService, "city", "/city/", {}, {}};
  service_token_ = auth::TokenSigner(key_).Issue(service, absl::Hours(2));
}

void CardServiceEnv::TearDown() {
  if (card_server_ != nullptr) card_server_->Stop();
  if (bank_ != nullptr) bank_->Stop();
  if (bank_runner_ != nullptr) {
    bank_runner_->RequestShutdown();
    bank_runner_->Wait();
  }
  card_server_.reset();
  bank_runner_.reset();
  bank_.reset();
  MemberServiceEnv::TearDown();
}

void CardServiceEnv::StartBank(banksim::BankSimOptions options,
                               int card_bank_port) {
  bank_ = std::make_unique<banksim::BankSimulator>(
      options,
      bank::v1::BankNotifications::NewStub(rpc::MakeChannel(
          absl::StrCat("127.0.0.1:", card_bank_port),
          *rpc::MutualTlsChannelCredentials(BankCerts::Tls("bank-sim")))));
  StartBankServer(0);
  bank_->Start();
}

void CardServiceEnv::StartBankServer(int port) {
  rpc::ServerOptions bank_side;
  bank_side.service_name = "bank-sim";
  bank_side.listen_address = absl::StrCat("127.0.0.1:", port);
  bank_side.metrics_port = -1;
  bank_side.shutdown_grace = absl::Seconds(1);
  bank_side.credentials =
      *rpc::MutualTlsServerCredentials(BankCerts::Tls("bank-sim"));
  bank_runner_ = std::make_unique<rpc::ServiceRunner>(bank_side);
  bank_runner_->AddService(bank_.get());
  ASSERT_TRUE(bank_runner_->Start().ok());
}

void CardServiceEnv::StopBankServer() {
  bank_runner_->RequestShutdown();
  bank_runner_->Wait();
}

CardServerConfig CardServiceEnv::CardConfig(int card_bank_port) {
  CardServerConfig config;
  config.db = card_db_.options();
  config.verifier = auth::TokenVerifier(
      std::map<std::string, std::string>{{key_.kid, key_.public_key}});
  config.server.service_name = "card-svc";
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = -1;
  config.server.shutdown_grace = absl::Seconds(2);
  config.member_svc_address = member_address_.empty()
                                  ? absl::StrCat("127.0.0.1:", server_->port())
                                  : member_address_;
  config.member_svc_token = service_token_;
  config.bank_listen_address = absl::StrCat("127.0.0.1:", card_bank_port);
  config.bank_address = absl::StrCat("127.0.0.1:", bank_runner_->port());
  config.bank_tls = BankCerts::Tls("card-svc");
  config.bank_peer_name = "bank-sim";
  config.dispatch_poll = absl::Milliseconds(300);
  config.payout_result_wait = payout_result_wait_;
  return config;
}

unioncard::testing::ServiceProcessOptions CardServiceEnv::CardProcess(
    const std::string& dir, int port, int card_bank_port) {
  const CardServerConfig c = CardConfig(card_bank_port);
  std::ofstream(dir + "/verify.json")
      << auth::VerifyKeysToJson({{key_.kid, key_.public_key}});
  std::ofstream(dir + "/member_svc_token") << service_token_;
  return {CARD_SVC_PATH,
          "card-svc",
          dir,
          port,
          c.db,
          {absl::StrCat("--member_svc=", c.member_svc_address),
           absl::StrCat("--member_svc_token=file:", dir, "/member_svc_token"),
           absl::StrCat("--bank_listen=", c.bank_listen_address),
           absl::StrCat("--bank=", c.bank_address),
           absl::StrCat("--tls_ca=", c.bank_tls.ca_cert),
           absl::StrCat("--tls_cert=", c.bank_tls.cert),
           absl::StrCat("--tls_key=", c.bank_tls.key), "--batch_poll_ms=300",
           absl::StrCat("--payout_result_wait_seconds=",
                        absl::ToInt64Seconds(payout_result_wait_))}};
}

void CardServiceEnv::StartCardSvc(banksim::BankSimOptions bank) {
  const int card_bank_port = unioncard::testing::PickFreePort();
  StartBank(bank, card_bank_port);
  auto server = StartCardServer(CardConfig(card_bank_port));
  ASSERT_TRUE(server.ok()) << server.status();
  card_server_ = *std::move(server);
  card_address_ = absl::StrCat("127.0.0.1:", card_server_->port());
}

CardCaller CardServiceEnv::CardsAs(auth::Role role, const std::string& org_id,
                                   const std::string& org_path,
                                   const std::string& subject) {
  auth::Principal p{subject.empty()
                        ? absl::StrCat(auth::RoleName(role), "@", org_id)
                        : subject,
                    role,
                    org_id,
                    org_path,
                    {},
                    {}};
  return CardCaller(rpc::MakeChannel(card_address_),
                    auth::TokenSigner(key_).Issue(p, absl::Hours(1)));
}

int64_t CardServiceEnv::ApprovedMember(const member::v1::OrgUnit& union_unit,
                                       int n) {
  auto county = CountyStaff(union_unit.county_id());
  auto m = county.Register(Person(union_unit.id(), n));
  EXPECT_TRUE(m.ok()) << m.status();
  if (!m.ok()) return 0;
  EXPECT_TRUE(county.Review({m->id()}, member::v1::REVIEW_ACTION_VERIFY).ok());
  EXPECT_TRUE(
      CityAdmin().Review({m->id()}, member::v1::REVIEW_ACTION_APPROVE).ok());
  return m->id();
}

int64_t CardServiceEnv::ActivatedCard(const member::v1::OrgUnit& union_unit,
                                      int64_t member_id) {
  auto batch = CountyCards(union_unit.county_id())
                   .CreateBatch(union_unit.id(), {member_id});
  EXPECT_TRUE(batch.ok()) << batch.status();
  if (!batch.ok()) return 0;
  EXPECT_TRUE(Eventually([&] {
    // Issued is not enough: the activation follows a little later.
    auto b = CityCards().GetBatch(batch->id());
    return b.ok() && b->state() == v1::BATCH_STATE_COMPLETE &&
           b->activated() == 1;
  }));
  return batch->items(0).card_id();
}

}  // namespace unioncard::card::testing
