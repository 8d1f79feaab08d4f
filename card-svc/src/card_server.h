#ifndef UNIONCARD_CARD_SVC_SRC_CARD_SERVER_H_
#define UNIONCARD_CARD_SVC_SRC_CARD_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "card-svc/src/api/bank_notifications_service.h"
#include "card-svc/src/api/card_service.h"
#include "card-svc/src/api/payout_service.h"
#include "card-svc/src/app/bank_order_sender.h"
#include "card-svc/src/app/batch_dispatcher.h"
#include "card-svc/src/app/batch_submitter.h"
#include "card-svc/src/app/payout_sender.h"
#include "card-svc/src/app/payout_settlement.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/grpc/audit_log_service.h"
#include "common/grpc/event_feed.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/periodic_worker.h"
#include "common/grpc/service_runner.h"

namespace unioncard::card {

struct CardServerConfig {
  db::DbOptions db;
  auth::TokenVerifier verifier{{}};
  // The card API (plain gRPC inside the cluster, caller tokens).
  rpc::ServerOptions server;
  // member-svc: its address and card-svc's service token for it.
  std::string member_svc_address;
  std::string member_svc_token;
  // The bank link, mutual TLS both ways: where card-svc takes the bank's
  // notifications, where the bank's PartnerBank service is, the PEM files,
  // and the name the bank's client certificate must carry.
  std::string bank_listen_address = "0.0.0.0:50062";
  std::string bank_address;
  rpc::TlsFiles bank_tls;
  std::string bank_peer_name = "bank-sim";
  // How often queued work for the bank (batches, card changes, payouts)
  // is looked for, besides being woken when it is queued.
  absl::Duration dispatch_poll = absl::Seconds(2);
  int bank_attempts_per_round = 3;
  // A payout at the bank this long without a result is looked for on the
  // bank's statement (PayoutSettlement); also how often that is done.
  absl::Duration payout_result_wait = absl::Minutes(10);
  // Members whose cards one transaction requests while filling a batch.
  size_t batch_page_size = 500;
};

// card-svc assembled: database (migrated), stores, the card and payout
// APIs, the bank notification endpoint, the workers sending batches, card
// changes and payouts to the bank, and the member-svc feed follower. main() and
// the integration tests build it the same way.
class CardServer {
 public:
  static absl::StatusOr<std::unique_ptr<CardServer>> Start(
      CardServerConfig config);
  ~CardServer();

  rpc::ServiceRunner& runner() { return *runner_; }
  int port() const { return runner_->port(); }
  int bank_port() const { return bank_runner_->port(); }
  // Where card-svc is in member-svc's feed.
  int64_t member_feed_position() const { return follower_->position(); }
  void Stop();

 private:
  explicit CardServer(CardServerConfig config) : config_(std::move(config)) {}

  CardServerConfig config_;
  auth::Principal service_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<rpc::AuditLogService> audit_log_;
  std::unique_ptr<CardStore> cards_;
  std::unique_ptr<CardQueries> queries_;
  std::unique_ptr<IssuanceBatchStore> batch_store_;
  std::unique_ptr<MemberDirectory> members_;
  std::unique_ptr<CardRequests> requests_;
  std::unique_ptr<BankOrderStore> orders_;
  std::unique_ptr<PayoutStore> payouts_;
  std::unique_ptr<TransactionStore> transactions_;
  std::unique_ptr<BatchSubmitter> submitter_;
  std::unique_ptr<BatchDispatcher> dispatcher_;
  std::unique_ptr<BankOrderSender> order_sender_;
  std::unique_ptr<PayoutSender> payout_sender_;
  std::unique_ptr<PayoutSettlement> settlement_;
  std::unique_ptr<DayReconciler> reconciler_;
  std::unique_ptr<rpc::PeriodicWorker> batch_worker_, order_worker_,
      payout_worker_, settlement_worker_;
  std::unique_ptr<IssuanceBatches> batches_;
  std::unique_ptr<rpc::EventFeed> feed_;
  std::unique_ptr<CardService> card_service_;
  std::unique_ptr<PayoutService> payout_service_;
  std::unique_ptr<BankNotificationsService> notifications_;
  std::unique_ptr<rpc::FeedFollower<member::v1::MemberEvent>> follower_;
  std::unique_ptr<rpc::ServiceRunner> runner_;
  std::unique_ptr<rpc::ServiceRunner> bank_runner_;
  std::thread bank_waiter_;  // waits out the bank link's stop
  bool stopped_ = false;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_CARD_SERVER_H_
