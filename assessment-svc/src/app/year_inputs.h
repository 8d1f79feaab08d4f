#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_YEAR_INPUTS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_YEAR_INPUTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/app/plan_book.h"
#include "assessment-svc/src/app/service_item_counts.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "assessment-svc/src/store/incident_store.h"
#include "assessment-svc/src/store/progress_store.h"
#include "assessment-svc/src/store/regular_items_store.h"

namespace unioncard::assessment {

struct YearInputSources {
  const PlanBook* plans;
  ProgressStore* progress;
  const ServiceItemCounts* service_items;
  RegularItemsStore* regular_items;
  IncidentStore* incidents;
};

// Everything the live annual assessment of `year` scores, per unit of the
// year's plan: first cards issued by each quarter end and 31 Dec, cards
// and activations to 31 Dec (the counters), service items owned on 31 Dec
// (merchant-svc), leadership and measures (assessors) and the year's
// omissions and criticisms (dated incidents). FAILED_PRECONDITION naming
// the units whose regular items have not been entered.
absl::StatusOr<std::vector<UnitYearInputs>> GatherYearInputs(
    const YearInputSources& sources, int year);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_YEAR_INPUTS_H_
