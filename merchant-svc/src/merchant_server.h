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
#include "common/grpc/audit_log_service.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/periodic_worker.h"
#include "common/grpc/service_runner.h"
#include "merchant-svc/src/api/merchant_service.h"

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

// merchant-svc assembled: database (migrated), stores, the API, the daily
// evaluation and the card-svc feed follower. main() and the tests build it
// the same way.
class MerchantServer {
 public:
  static absl::StatusOr<std::unique_ptr<MerchantServer>> Start(
      MerchantServerConfig config);
  ~MerchantServer();

  rpc::ServiceRunner& runner() { return *runner_; }
  int port() const { return runner_->port(); }
  int64_t card_feed_position() const { return follower_->position(); }
  void Stop();

 private:
  explicit MerchantServer(MerchantServerConfig config)
      : config_(std::move(config)) {}

  MerchantServerConfig config_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<rpc::AuditLogService> audit_log_;
  std::unique_ptr<MerchantStore> merchants_;
  std::unique_ptr<RatingStore> ratings_;
  std::unique_ptr<UsageStore> usage_;
  std::unique_ptr<MerchantEvaluator> evaluator_;
  std::unique_ptr<CardHolders> card_holders_;
  std::unique_ptr<MerchantService> service_;
  std::unique_ptr<rpc::FeedFollower<card::v1::CardEvent>> follower_;
  std::unique_ptr<rpc::PeriodicWorker> evaluation_worker_;
  std::unique_ptr<rpc::ServiceRunner> runner_;
  bool stopped_ = false;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_MERCHANT_SERVER_H_
