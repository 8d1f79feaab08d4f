#include "card-svc/src/card_server.h"

#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/feeds/member_feed.h"
#include "card-svc/src/store/card_schema.h"
#include "common/db/feed_cursor.h"
#include "common/db/migrations.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr char kMemberFeed[] = "member-svc";

}  // namespace

absl::StatusOr<std::unique_ptr<CardServer>> CardServer::Start(
    CardServerConfig config) {
  std::unique_ptr<CardServer> s(new CardServer(std::move(config)));
  CardServerConfig& c = s->config_;
  s->service_ = {"card-svc", auth::Role::kService, "city", "/city/", {}, {}};

  // The bank link's credentials first: a bad certificate path should stop
  // the start before anything else happens.
  ASSIGN_OR_RETURN(auto bank_server_credentials,
                   rpc::MutualTlsServerCredentials(c.bank_tls));
  ASSIGN_OR_RETURN(auto bank_channel_credentials,
                   rpc::MutualTlsChannelCredentials(c.bank_tls));

  ASSIGN_OR_RETURN(s->pool_, db::ConnectionPool::Create(c.db));
  ASSIGN_OR_RETURN(int applied, db::ApplyMigrations(*s->pool_, CardSchema()));
  log::Info("schema ready", {{"migrations_applied", applied}});

  s->cards_ = std::make_unique<CardStore>(s->pool_.get(), &CardEventOutbox(),
                                          &CardEventEncoder::Get());
  s->queries_ = std::make_unique<CardQueries>(s->pool_.get());
  s->batch_store_ = std::make_unique<IssuanceBatchStore>(s->pool_.get());
  std::shared_ptr<grpc::Channel> member_channel =
      rpc::MakeChannel(c.member_svc_address);
  s->members_ =
      std::make_unique<MemberDirectory>(member_channel, c.member_svc_token);
  s->requests_ =
      std::make_unique<CardRequests>(s->cards_.get(), s->members_.get());
  s->orders_ = std::make_unique<BankOrderStore>(s->pool_.get());
  s->payouts_ = std::make_unique<PayoutStore>(s->pool_.get());
  s->transactions_ = std::make_unique<TransactionStore>(
      s->pool_.get(), &CardEventOutbox(), &CardEventEncoder::Get());
  s->feed_ =
      std::make_unique<rpc::EventFeed>(s->pool_.get(), &CardEventOutbox());

  // The bank: one channel for applications, card changes and payouts, each
  // sent by a worker of its own from what the database has queued.
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank =
      bank::v1::PartnerBank::NewStub(
          rpc::MakeChannel(c.bank_address, bank_channel_credentials));
  s->submitter_ = std::make_unique<BatchSubmitter>(
      s->cards_.get(), bank, s->service_, c.bank_attempts_per_round);
  s->dispatcher_ = std::make_unique<BatchDispatcher>(s->batch_store_.get(),
                                                     s->submitter_.get());
  s->order_sender_ = std::make_unique<BankOrderSender>(s->orders_.get(), bank);
  s->payout_sender_ = std::make_unique<PayoutSender>(s->payouts_.get(), bank);
  s->reconciler_ = std::make_unique<DayReconciler>(s->payouts_.get(), bank);
  BatchDispatcher* dispatcher = s->dispatcher_.get();
  BankOrderSender* order_sender = s->order_sender_.get();
  PayoutSender* payout_sender = s->payout_sender_.get();
  s->batch_worker_ = std::make_unique<rpc::PeriodicWorker>(
      "issuance batches", c.dispatch_poll,
      [dispatcher](const auto& stopping) { dispatcher->SendQueued(stopping); });
  s->order_worker_ = std::make_unique<rpc::PeriodicWorker>(
      "bank card orders", c.dispatch_poll,
      [order_sender](const auto& stopping) {
        order_sender->SendPending(stopping);
      });
  s->payout_worker_ = std::make_unique<rpc::PeriodicWorker>(
      "payouts", c.dispatch_poll, [payout_sender](const auto& stopping) {
        payout_sender->SendQueued(stopping);
      });
  s->settlement_ = std::make_unique<PayoutSettlement>(s->payouts_.get(), bank,
                                                      c.payout_result_wait);
  PayoutSettlement* settlement = s->settlement_.get();
  s->settlement_worker_ = std::make_unique<rpc::PeriodicWorker>(
      "overdue payouts", c.payout_result_wait,
      [settlement](const std::function<bool()>& stopping) {
        auto round = settlement->SettleOverdue(absl::Now(), stopping);
        if (!round.ok()) {
          log::Warn("overdue payouts not checked; will retry",
                    {{"error", round.status().ToString()}});
        } else if (round->settled + round->still_waiting + round->different +
                       round->unchecked >
                   0) {
          log::Info("overdue payouts checked against the bank's statements",
                    {{"settled", round->settled},
                     {"still_waiting", round->still_waiting},
                     {"different", round->different},
                     {"unchecked", round->unchecked}});
        }
      });
  rpc::PeriodicWorker* batch_worker = s->batch_worker_.get();
  rpc::PeriodicWorker* order_worker = s->order_worker_.get();
  rpc::PeriodicWorker* payout_worker = s->payout_worker_.get();
  s->batches_ = std::make_unique<IssuanceBatches>(
      s->cards_.get(), s->batch_store_.get(), s->members_.get(),
      [batch_worker] { batch_worker->Wake(); }, c.batch_page_size);

  CardServiceDeps deps{&c.verifier,
                       s->cards_.get(),
                       s->queries_.get(),
                       s->batch_store_.get(),
                       s->requests_.get(),
                       s->batches_.get(),
                       s->members_.get(),
                       s->feed_.get(),
                       s->transactions_.get(),
                       [order_worker] { order_worker->Wake(); },
                       CardAccess()};
  s->card_service_ = std::make_unique<CardService>(std::move(deps));
  PayoutServiceDeps payout_deps;
  payout_deps.verifier = &c.verifier;
  payout_deps.payouts = s->payouts_.get();
  payout_deps.reconciler = s->reconciler_.get();
  payout_deps.on_approved = [payout_worker] { payout_worker->Wake(); };
  s->payout_service_ = std::make_unique<PayoutService>(std::move(payout_deps));
  rpc::EventFeed* feed = s->feed_.get();
  s->notifications_ = std::make_unique<BankNotificationsService>(
      s->cards_.get(), s->payouts_.get(), s->transactions_.get(),
      c.bank_peer_name, [feed] { feed->NotifyAppended(); });

  // member-svc's feed: ended memberships cancel cards, transfers move them.
  auto member_stub = std::shared_ptr<member::v1::MemberService::Stub>(
      member::v1::MemberService::NewStub(member_channel));
  CardStore* cards = s->cards_.get();
  const auth::Principal service = s->service_;
  s->follower_ = rpc::FollowWatchEvents<member::v1::MemberEvent,
                                        member::v1::WatchEventsRequest>(
      kMemberFeed, s->pool_.get(), member_stub, c.member_svc_token,
      [cards, feed, order_worker,
       service](const member::v1::MemberEvent& event) {
        absl::Status handled = HandleMemberEvent(*cards, service, event);
        if (event.type() == member::v1::MEMBERSHIP_ENDED ||
            event.type() == member::v1::TRANSFERRED) {
          feed->NotifyAppended();
          order_worker->Wake();  // a cancellation the bank must hear of
        }
        return handled;
      });

  s->runner_ = std::make_unique<rpc::ServiceRunner>(c.server);
  s->audit_log_ =
      std::make_unique<rpc::AuditLogService>(s->pool_.get(), &c.verifier);
  s->runner_->AddService(s->audit_log_.get());
  s->runner_->AddService(s->card_service_.get());
  s->runner_->AddService(s->payout_service_.get());
  rpc::ServerOptions bank_side = c.server;
  bank_side.service_name = c.server.service_name + "-bank-link";
  bank_side.listen_address = c.bank_listen_address;
  bank_side.metrics_port = -1;
  bank_side.credentials = bank_server_credentials;
  s->bank_runner_ = std::make_unique<rpc::ServiceRunner>(bank_side);
  s->bank_runner_->AddService(s->notifications_.get());
  s->runner_->OnShutdown([feed] { feed->Stop(); });
  // Both servers drain at once: a SIGTERM to the process (taken by the
  // main runner) starts the bank link's drain too, and its wait runs on a
  // thread of its own, so the whole stop takes one drain and one grace.
  rpc::ServiceRunner* bank_runner = s->bank_runner_.get();
  s->runner_->OnShutdownRequested(
      [bank_runner] { bank_runner->RequestShutdown(); });

  RETURN_IF_ERROR(s->bank_runner_->Start());
  s->bank_waiter_ = std::thread([bank_runner] { bank_runner->Wait(); });
  RETURN_IF_ERROR(s->runner_->Start());
  s->batch_worker_->Start();
  s->order_worker_->Start();
  s->payout_worker_->Start();
  s->settlement_worker_->Start();
  s->follower_->Start();
  log::Info("card-svc ready", {{"port", s->port()},
                               {"bank_link_port", s->bank_port()},
                               {"member_svc", c.member_svc_address},
                               {"bank", c.bank_address}});
  return s;
}

void CardServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  follower_->Stop();
  batch_worker_->Stop();
  order_worker_->Stop();
  payout_worker_->Stop();
  settlement_worker_->Stop();
  runner_->RequestShutdown();  // the bank link's too
  runner_->Wait();
  if (bank_waiter_.joinable()) bank_waiter_.join();
}

CardServer::~CardServer() {
  if (runner_ != nullptr && bank_runner_ != nullptr && follower_ != nullptr) {
    Stop();
  }
  // Start failed half way: the bank link's waiter must still end.
  if (bank_waiter_.joinable()) {
    bank_runner_->RequestShutdown();
    bank_waiter_.join();
  }
}

}  // namespace unioncard::card
