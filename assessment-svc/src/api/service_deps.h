#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_SERVICE_DEPS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_SERVICE_DEPS_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "assessment-svc/src/app/plan_book.h"
#include "assessment-svc/src/app/service_item_counts.h"
#include "assessment-svc/src/domain/scoring_policy.h"
#include "assessment-svc/src/store/assessment_store.h"
#include "assessment-svc/src/store/incident_store.h"
#include "assessment-svc/src/store/plan_store.h"
#include "assessment-svc/src/store/progress_store.h"
#include "assessment-svc/src/store/regular_items_store.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"

namespace unioncard::assessment {

// What assessment-svc's three gRPC services share.
struct AssessmentServiceDeps {
  const auth::TokenVerifier* verifier;
  ProgressStore* progress;
  RegularItemsStore* regular_items;
  IncidentStore* incidents;
  AssessmentStore* assessments;
  PlanStore* plans;
  const PlanBook* plan_book;
  const ServiceItemCounts* service_items;
  ScoringPolicy policy;
  std::function<absl::CivilDay()> today;  // in China
};

// Bulletins, rankings, plans and assessments are published to every union:
// all staff roles, assessors, auditors and services read them; members and
// the bank do not.
absl::Status CheckRead(const auth::Principal& caller);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_SERVICE_DEPS_H_
