#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_SERVICE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_SERVICE_H_

#include <vector>

#include "assessment-svc/src/app/member_counts.h"
#include "assessment-svc/src/domain/scoring_policy.h"
#include "assessment-svc/src/store/progress_store.h"
#include "assessment-svc/src/store/regular_items_store.h"
#include "assessment/v1/assessment.grpc.pb.h"
#include "common/auth/token.h"
#include "common/reference/county_plan.h"

namespace unioncard::assessment {

struct AssessmentServiceDeps {
  const auth::TokenVerifier* verifier;
  ProgressStore* progress;
  RegularItemsStore* regular_items;
  const MemberCounts* members;
  std::vector<reference::CountyPlan> plan;  // the shipped 2016–2018 plan
  ScoringPolicy policy;
};

// The gRPC adapter of assessment-svc: the plan, bulletins and quarterly
// rankings, computed by the domain layer from the stored counters.
class AssessmentService final : public v1::AssessmentService::Service {
 public:
  explicit AssessmentService(AssessmentServiceDeps deps)
      : d_(std::move(deps)) {}

  grpc::Status GetPlan(grpc::ServerContext* context,
                       const v1::GetPlanRequest* request,
                       v1::Plan* response) override;
  grpc::Status GetBulletin(grpc::ServerContext* context,
                           const v1::GetBulletinRequest* request,
                           v1::Bulletin* response) override;
  grpc::Status GetQuarterRanking(grpc::ServerContext* context,
                                 const v1::GetQuarterRankingRequest* request,
                                 v1::QuarterRanking* response) override;
  grpc::Status SetRegularItems(grpc::ServerContext* context,
                               const v1::RegularItemsEntry* request,
                               v1::RegularItemsEntry* response) override;
  grpc::Status ListRegularItems(
      grpc::ServerContext* context, const v1::ListRegularItemsRequest* request,
      v1::ListRegularItemsResponse* response) override;
  grpc::Status SimulateAssessment(grpc::ServerContext* context,
                                  const v1::SimulateAssessmentRequest* request,
                                  v1::AssessmentResult* response) override;

 private:
  // The plan for `year`: FAILED_PRECONDITION outside 2016–2018.
  absl::StatusOr<std::vector<v1::PlanUnit>> PlanFor(int year) const;
  std::string NameOf(const std::string& unit_code) const;

  AssessmentServiceDeps d_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_SERVICE_H_
