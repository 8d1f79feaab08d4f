#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_SERVICE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_SERVICE_H_

#include "assessment-svc/src/api/assessment_convert.h"
#include "assessment-svc/src/api/service_deps.h"
#include "assessment/v1/assessment.grpc.pb.h"

namespace unioncard::assessment {

// The gRPC adapter of assessment-svc's figures: the plan, bulletins,
// quarterly rankings and series from the stored counters, the simulation,
// and the assessors' regular items and incidents.
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
                               const v1::SetRegularItemsRequest* request,
                               v1::RegularItemsEntry* response) override;
  grpc::Status ListRegularItems(
      grpc::ServerContext* context, const v1::ListRegularItemsRequest* request,
      v1::ListRegularItemsResponse* response) override;
  grpc::Status SimulateAssessment(grpc::ServerContext* context,
                                  const v1::SimulateAssessmentRequest* request,
                                  v1::AssessmentResult* response) override;
  grpc::Status AddIncident(grpc::ServerContext* context,
                           const v1::AddIncidentRequest* request,
                           v1::Incident* response) override;
  grpc::Status WithdrawIncident(grpc::ServerContext* context,
                                const v1::WithdrawIncidentRequest* request,
                                v1::Incident* response) override;
  grpc::Status ListIncidents(grpc::ServerContext* context,
                             const v1::ListIncidentsRequest* request,
                             v1::ListIncidentsResponse* response) override;
  grpc::Status GetProgressSeries(grpc::ServerContext* context,
                                 const v1::GetProgressSeriesRequest* request,
                                 v1::ProgressSeries* response) override;

 private:
  // Years, unit codes and unit count SimulateAssessment accepts today.
  SimulationBounds SimulationLimits() const;

  AssessmentServiceDeps d_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_SERVICE_H_
