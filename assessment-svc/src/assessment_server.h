#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_ASSESSMENT_SERVER_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_ASSESSMENT_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/api/annual_assessment_service.h"
#include "assessment-svc/src/api/assessment_service.h"
#include "assessment-svc/src/api/plan_service.h"
#include "card/v1/card.grpc.pb.h"
#include "common/grpc/audit_log_service.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/service_runner.h"
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

// assessment-svc assembled: database (migrated), the counters kept from
// card-svc's and member-svc's feeds, service items from
// merchant-svc, the three APIs.
class AssessmentServer {
 public:
  static absl::StatusOr<std::unique_ptr<AssessmentServer>> Start(
      AssessmentServerConfig config);
  ~AssessmentServer();

  rpc::ServiceRunner& runner() { return *runner_; }
  int port() const { return runner_->port(); }
  int64_t card_feed_position() const { return follower_->position(); }
  int64_t member_feed_position() const { return member_follower_->position(); }
  void Stop();

 private:
  explicit AssessmentServer(AssessmentServerConfig config)
      : config_(std::move(config)) {}

  AssessmentServerConfig config_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<rpc::AuditLogService> audit_log_;
  std::unique_ptr<ProgressStore> progress_;
  std::unique_ptr<RegularItemsStore> regular_items_;
  std::unique_ptr<IncidentStore> incidents_;
  std::unique_ptr<AssessmentStore> assessments_;
  std::unique_ptr<PlanStore> plans_;
  std::unique_ptr<PlanBook> plan_book_;
  std::unique_ptr<ServiceItemCounts> service_items_;
  std::unique_ptr<AssessmentService> service_;
  std::unique_ptr<AnnualAssessmentService> annual_;
  std::unique_ptr<PlanService> plan_service_;
  std::unique_ptr<rpc::FeedFollower<card::v1::CardEvent>> follower_;
  std::unique_ptr<rpc::FeedFollower<member::v1::MemberEvent>> member_follower_;
  std::unique_ptr<rpc::ServiceRunner> runner_;
  bool stopped_ = false;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_ASSESSMENT_SERVER_H_
