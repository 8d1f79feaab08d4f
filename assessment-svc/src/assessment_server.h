#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_ASSESSMENT_SERVER_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_ASSESSMENT_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "card/v1/card.grpc.pb.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/service_host.h"
#include "common/reference/county_plan.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::assessment {

struct AssessmentServerConfig {
  db::DbOptions db;
  auth::TokenVerifier verifier{{}};
  rpc::ServerOptions server;
  std::vector<reference::CountyPlan> plan;
  std::string member_svc_address, member_svc_token;
  std::string card_svc_address, card_svc_token;
  std::string merchant_svc_address, merchant_svc_token;
  // Today in China; tests set the day. Null: the clock.
  std::function<absl::CivilDay()> today;
};

// assessment-svc on the common host: database (migrated), the counters
// kept from card-svc's and member-svc's feeds, service items from
// merchant-svc, the three APIs. main() and the tests start it the same
// way; tests also watch how far each feed has been read.
struct RunningAssessmentSvc {
  std::unique_ptr<rpc::ServiceHost> host;
  const rpc::FeedFollower<card::v1::CardEvent>* card_feed = nullptr;
  const rpc::FeedFollower<member::v1::MemberEvent>* member_feed = nullptr;

  int port() const { return host->port(); }
  int64_t card_feed_position() const { return card_feed->position(); }
  int64_t member_feed_position() const { return member_feed->position(); }
  void Stop() { host->Stop(); }
};

absl::StatusOr<std::unique_ptr<RunningAssessmentSvc>> StartAssessmentServer(
    AssessmentServerConfig config);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_ASSESSMENT_SERVER_H_
