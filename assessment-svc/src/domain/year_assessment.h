#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_YEAR_ASSESSMENT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_YEAR_ASSESSMENT_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/annual_assessment.h"
#include "assessment-svc/src/domain/quarter_ranking.h"

namespace unioncard::assessment {

// A unit's year as the assessment sees it: what both the live assessment
// (from the counters) and SimulateAssessment (from the request) provide.
struct UnitYearInputs {
  std::string unit_code;
  int64_t plan = 0;
  // First cards issued from 1 Jan to the end of each quarter (cumulative
  // within the year); [3] is the year's total.
  std::array<int64_t, 4> issued_by_quarter_end{};
  int64_t issued_cumulative = 0;  // to 31 Dec, all years
  int64_t activated_cumulative = 0;
  int64_t service_items = 0;
  RegularItems regular;
};

struct YearAssessment {
  int year = 0;
  // One ranking per ranked quarter (three in the launch year).
  std::vector<std::pair<int, std::vector<RankedUnit>>> quarter_rankings;
  std::vector<UnitAssessment> units;  // in input order
};

// The whole of docs/rules.md §6.4–§6.8 for one year: rank each ranked quarter,
// give each unit its quarter points, then score, veto and award.
// INVALID_ARGUMENT naming units[i].field for bad input (including quarter
// counts that go down).
absl::StatusOr<YearAssessment> AssessYearFromQuarters(
    int year, const std::vector<UnitYearInputs>& units,
    const ScoringPolicy& policy);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_YEAR_ASSESSMENT_H_
