#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_SERVICE_DEPS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_SERVICE_DEPS_H_

#include <functional>

#include "absl/time/civil_time.h"
#include "assessment-svc/src/app/annual_assessments.h"
#include "assessment-svc/src/app/assessor_entries.h"
#include "assessment-svc/src/app/plan_book.h"
#include "assessment-svc/src/app/plan_drafts.h"
#include "assessment-svc/src/app/progress_reports.h"
#include "assessment-svc/src/domain/scoring_policy.h"
#include "common/auth/token.h"

namespace unioncard::assessment {

// What assessment-svc's three gRPC services share: the use cases, and what
// checking a request's fields needs (the plan's units and their names, the
// launch year, today in China).
struct AssessmentServiceDeps {
  const auth::TokenVerifier* verifier;
  const ProgressReports* reports;
  const AssessorEntries* entries;
  const AnnualAssessments* annual_assessments;
  const PlanDrafts* plan_drafts;
  const PlanBook* plan_book;
  ScoringPolicy policy;
  std::function<absl::CivilDay()> today;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_SERVICE_DEPS_H_
