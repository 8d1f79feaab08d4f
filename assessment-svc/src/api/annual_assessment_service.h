#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_ANNUAL_ASSESSMENT_SERVICE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_ANNUAL_ASSESSMENT_SERVICE_H_

#include "assessment-svc/src/api/service_deps.h"
#include "assessment/v1/assessment.grpc.pb.h"

namespace unioncard::assessment {

// The gRPC adapter of the live annual assessment: the promotion office
// computes a draft from the counters, merchant-svc and the assessors'
// entries; the leading group reviews (inputs lock), the chairman meeting
// approves, the city publishes (frozen); a correction opens a new revision.
class AnnualAssessmentService final
    : public v1::AnnualAssessmentService::Service {
 public:
  explicit AnnualAssessmentService(AssessmentServiceDeps deps)
      : d_(std::move(deps)) {}

  grpc::Status ComputeAssessment(grpc::ServerContext* context,
                                 const v1::ComputeAssessmentRequest* request,
                                 v1::Assessment* response) override;
  grpc::Status AdvanceAssessment(grpc::ServerContext* context,
                                 const v1::AdvanceAssessmentRequest* request,
                                 v1::Assessment* response) override;
  grpc::Status GetAssessment(grpc::ServerContext* context,
                             const v1::GetAssessmentRequest* request,
                             v1::Assessment* response) override;

 private:
  AssessmentServiceDeps d_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_ANNUAL_ASSESSMENT_SERVICE_H_
