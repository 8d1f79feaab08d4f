#ifndef UNIONCARD_CARD_SVC_SRC_CARD_SERVER_H_
#define UNIONCARD_CARD_SVC_SRC_CARD_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/service_host.h"
#include "member/v1/member.grpc.pb.h"

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

// card-svc on the common host: database (migrated), stores, the card and
// payout APIs, the bank notification endpoint (a second listener, mutual
// TLS), the workers sending batches, card changes and payouts to the bank,
// and the member-svc feed follower. main() and the integration tests start
// it the same way.
struct RunningCardSvc {
  std::unique_ptr<rpc::ServiceHost> host;
  rpc::ServiceRunner* bank_link = nullptr;
  const rpc::FeedFollower<member::v1::MemberEvent>* member_feed = nullptr;

  rpc::ServiceRunner& runner() { return host->runner(); }
  int port() const { return host->port(); }
  int bank_port() const { return bank_link->port(); }
  // Where card-svc is in member-svc's feed.
  int64_t member_feed_position() const { return member_feed->position(); }
  void Stop() { host->Stop(); }
};

absl::StatusOr<std::unique_ptr<RunningCardSvc>> StartCardServer(
    CardServerConfig config);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_CARD_SERVER_H_
