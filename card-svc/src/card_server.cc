#include "card-svc/src/card_server.h"

#include "absl/time/clock.h"
#include "card-svc/src/api/bank_notifications_service.h"
#include "card-svc/src/api/card_service.h"
#include "card-svc/src/api/payout_service.h"
#include "card-svc/src/app/bank_order_sender.h"
#include "card-svc/src/app/batch_dispatcher.h"
#include "card-svc/src/app/batch_submitter.h"
#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/app/payout_sender.h"
#include "card-svc/src/app/payout_settlement.h"
#include "card-svc/src/feeds/member_feed.h"
#include "card-svc/src/store/card_schema.h"
#include "common/grpc/client.h"
#include "common/grpc/event_feed.h"
#include "common/grpc/periodic_worker.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr char kMemberFeed[] = "member-svc";

// Payouts at the bank without a result for too long are looked for on the
// bank's statement.
std::unique_ptr<rpc::PeriodicWorker> OverduePayouts(
    PayoutSettlement* settlement, absl::Duration every) {
  return std::make_unique<rpc::PeriodicWorker>(
      "overdue payouts", every,
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
}

}  // namespace

absl::StatusOr<std::unique_ptr<RunningCardSvc>> StartCardServer(
    CardServerConfig config) {
  auto kept = std::make_unique<CardServerConfig>(std::move(config));
  // The bank link's credentials first: a bad certificate path should stop
  // the start before anything else happens.
  ASSIGN_OR_RETURN(auto bank_server_credentials,
                   rpc::MutualTlsServerCredentials(kept->bank_tls));
  ASSIGN_OR_RETURN(auto bank_channel_credentials,
                   rpc::MutualTlsChannelCredentials(kept->bank_tls));
  auto running = std::make_unique<RunningCardSvc>();
  ASSIGN_OR_RETURN(running->host,
                   rpc::ServiceHost::Open({kept->db, CardSchema(), kept->server,
                                           &kept->verifier}));
  rpc::ServiceHost& host = *running->host;
  const CardServerConfig& c = *host.Keep(std::move(kept));
  const auth::Principal service = {
      "card-svc", auth::Role::kService, "city", "/city/", {}, {}};

  auto* cards = host.Keep(std::make_unique<CardStore>(
      host.pool(), &CardEventOutbox(), &CardEventEncoder::Get()));
  auto* queries = host.Keep(std::make_unique<CardQueries>(host.pool()));
  // The stored statistics and coverage, filled after their migrations or
  // when an operator asks (card-svc/README.md).
  ASSIGN_OR_RETURN(bool rebuilt, cards->RebuildStoredFiguresIfPending());
  if (rebuilt) log::Info("card statistics and coverage rebuilt", {});
  auto* batch_store =
      host.Keep(std::make_unique<IssuanceBatchStore>(host.pool()));
  std::shared_ptr<grpc::Channel> member_channel =
      rpc::MakeChannel(c.member_svc_address);
  auto* members = host.Keep(
      std::make_unique<MemberDirectory>(member_channel, c.member_svc_token));
  auto* orders = host.Keep(std::make_unique<BankOrderStore>(host.pool()));
  auto* payouts = host.Keep(std::make_unique<PayoutStore>(host.pool()));
  auto* transactions = host.Keep(std::make_unique<TransactionStore>(
      host.pool(), &CardEventOutbox(), &CardEventEncoder::Get()));
  auto* feed = host.Keep(
      std::make_unique<rpc::EventFeed>(host.pool(), &CardEventOutbox()));
  host.OnDrain([feed] { feed->Stop(); });  // its watchers never end alone

  // The bank: one channel for applications, card changes and payouts, each
  // sent by a worker of its own from what the database has queued.
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank =
      bank::v1::PartnerBank::NewStub(
          rpc::MakeChannel(c.bank_address, bank_channel_credentials));
  auto* submitter = host.Keep(std::make_unique<BatchSubmitter>(
      cards, bank, service, c.bank_attempts_per_round));
  auto* dispatcher =
      host.Keep(std::make_unique<BatchDispatcher>(batch_store, submitter));
  auto* order_sender =
      host.Keep(std::make_unique<BankOrderSender>(orders, bank));
  auto* payout_sender =
      host.Keep(std::make_unique<PayoutSender>(payouts, bank));
  auto* reconciler = host.Keep(std::make_unique<DayReconciler>(payouts, bank));
  auto* settlement = host.Keep(
      std::make_unique<PayoutSettlement>(payouts, bank, c.payout_result_wait));
  rpc::PeriodicWorker* batch_worker = host.InBackground(
      std::make_unique<rpc::PeriodicWorker>("issuance batches", c.dispatch_poll,
                                            [dispatcher](const auto& stopping) {
                                              dispatcher->SendQueued(stopping);
                                            }));
  rpc::PeriodicWorker* order_worker =
      host.InBackground(std::make_unique<rpc::PeriodicWorker>(
          "bank card orders", c.dispatch_poll,
          [order_sender](const auto& stopping) {
            order_sender->SendPending(stopping);
          }));
  rpc::PeriodicWorker* payout_worker =
      host.InBackground(std::make_unique<rpc::PeriodicWorker>(
          "payouts", c.dispatch_poll, [payout_sender](const auto& stopping) {
            payout_sender->SendQueued(stopping);
          }));
  host.InBackground(OverduePayouts(settlement, c.payout_result_wait));
  auto* batches = host.Keep(std::make_unique<IssuanceBatches>(
      cards, batch_store, members, [batch_worker] { batch_worker->Wake(); },
      c.batch_page_size));

  // After a change by people: the feed's watchers and the sender of bank
  // orders wake.
  auto card_changed = [feed, order_worker] {
    feed->NotifyAppended();
    order_worker->Wake();
  };
  auto* reads = host.Keep(
      std::make_unique<CardReads>(cards, queries, transactions, members));
  auto* changes =
      host.Keep(std::make_unique<CardChanges>(cards, members, card_changed));
  CardServiceDeps card_service;
  card_service.verifier = &c.verifier;
  card_service.reads = reads;
  card_service.changes = changes;
  card_service.batches = batches;
  card_service.feed = feed;
  card_service.batch_changed = card_changed;
  host.Serve(std::make_unique<CardService>(std::move(card_service)));
  auto* payout_batches = host.Keep(std::make_unique<PayoutBatches>(
      payouts, reconciler, [payout_worker] { payout_worker->Wake(); }));
  host.Serve(std::make_unique<PayoutService>(&c.verifier, payout_batches));

  // The bank link: a listener of its own (mutual TLS), drained with the
  // main server, so the whole stop takes one drain and one grace.
  auto* notifications = host.Keep(std::make_unique<BankNotificationsService>(
      cards, payouts, transactions, c.bank_peer_name,
      [feed] { feed->NotifyAppended(); }));
  rpc::ServerOptions bank_side = c.server;
  bank_side.service_name = c.server.service_name + "-bank-link";
  bank_side.listen_address = c.bank_listen_address;
  bank_side.metrics_port = -1;
  bank_side.credentials = bank_server_credentials;
  running->bank_link = host.AddListener(bank_side, {notifications});

  // member-svc's feed: ended memberships cancel cards, transfers move them.
  auto member_stub = std::shared_ptr<member::v1::MemberService::Stub>(
      member::v1::MemberService::NewStub(member_channel));
  running->member_feed =
      host.InBackground(rpc::FollowWatchEvents<member::v1::MemberEvent,
                                               member::v1::WatchEventsRequest>(
          kMemberFeed, host.pool(), member_stub, c.member_svc_token,
          [cards, feed, order_worker,
           service](const member::v1::MemberEvent& event) {
            absl::Status handled = HandleMemberEvent(*cards, service, event);
            if (event.type() ==
                    member::v1::MEMBER_EVENT_TYPE_MEMBERSHIP_ENDED ||
                event.type() == member::v1::MEMBER_EVENT_TYPE_TRANSFERRED) {
              feed->NotifyAppended();
              order_worker->Wake();  // a cancellation the bank must hear of
            }
            return handled;
          }));

  RETURN_IF_ERROR(host.Start());
  log::Info("card-svc ready", {{"port", running->port()},
                               {"bank_link_port", running->bank_port()},
                               {"member_svc", c.member_svc_address},
                               {"bank", c.bank_address}});
  return running;
}

}  // namespace unioncard::card
