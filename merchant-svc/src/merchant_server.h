#ifndef UNIONCARD_MERCHANT_SVC_SRC_MERCHANT_SERVER_H_
#define UNIONCARD_MERCHANT_SVC_SRC_MERCHANT_SERVER_H_

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "card/v1/card.grpc.pb.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/service_host.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"

namespace unioncard::merchant {

struct MerchantServerConfig {
  db::DbOptions db;
  auth::TokenVerifier verifier{{}};
  rpc::ServerOptions server;
  std::set<std::string> counties;  // from the reference plan
  // card-svc: the card-holder check and the transaction feed.
  std::string card_svc_address;
  std::string card_svc_token;
  EvaluationPolicy policy;
  // The daily evaluation runs for "today" once the day has begun; checked
  // this often.
  absl::Duration evaluation_check = absl::Minutes(10);
  std::function<absl::CivilDay()> today;  // China's day when empty
};

// merchant-svc on the common host: database (migrated), stores, the API,
// the card-svc feed follower and the daily evaluation. main() and the tests
// start it the same way; tests also watch how far the follower has read.
struct RunningMerchantSvc {
  std::unique_ptr<rpc::ServiceHost> host;
  const rpc::FeedFollower<card::v1::CardEvent>* card_feed = nullptr;

  int port() const { return host->port(); }
  int64_t card_feed_position() const { return card_feed->position(); }
  void Stop() { host->Stop(); }
};

absl::StatusOr<std::unique_ptr<RunningMerchantSvc>> StartMerchantServer(
    MerchantServerConfig config);

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_MERCHANT_SERVER_H_
