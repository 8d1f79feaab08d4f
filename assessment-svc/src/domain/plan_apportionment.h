#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_PLAN_APPORTIONMENT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_PLAN_APPORTIONMENT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/exact.h"

namespace unioncard::assessment {

// GeneratePlan's arithmetic: each unit's cumulative target is its real-name
// members × the coverage target, in whole hundreds of cards, apportioned so
// that the units add up to the city total rounded (half up) to hundreds.
// Hundreds left after flooring every quota go to the largest remainders
// (ties: more members first, then list order). INVALID_ARGUMENT for
// negative members or a coverage outside 0–100%.
absl::StatusOr<std::vector<int64_t>> ApportionToHundreds(
    const std::vector<int64_t>& members, const Ratio& coverage);

// A new period's plan (GeneratePlan): for each year, the cumulative target
// apportioned from `members` at that year's coverage, and the year's plan —
// the rise of the cumulative target over the year before (the first year
// from zero, as the shipped 2016 plan). plans[y][u] for year y, unit u.
struct PeriodPlan {
  std::vector<std::vector<int64_t>> cumulative;
  std::vector<std::vector<int64_t>> plans;
};
// INVALID_ARGUMENT naming coverage_targets[i] for a coverage that does not
// rise year by year (or lies outside 0–100%).
absl::StatusOr<PeriodPlan> PlanPeriod(const std::vector<int64_t>& members,
                                      const std::vector<Ratio>& coverages);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_PLAN_APPORTIONMENT_H_
