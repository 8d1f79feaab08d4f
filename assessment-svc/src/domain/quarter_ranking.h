#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_QUARTER_RANKING_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_QUARTER_RANKING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/exact.h"
#include "assessment-svc/src/domain/scoring_policy.h"

namespace unioncard::assessment {

// A unit's standing at a day of the year: first cards issued since 1 Jan
// and its plan for the year.
struct UnitProgress {
  std::string unit_code;
  int64_t issued = 0;
  int64_t plan = 0;  // > 0
};

struct RankedUnit {
  std::string unit_code;
  Ratio completion;  // issued ÷ plan
  int rank = 0;      // 1-based; ties share the better rank (1, 2, 2, 4)
  Score points;      // 7 − 0.5 × (rank − 1), not below the floor
};

// 季排队 (docs/rules.md §6.4): ranks by completion ratio at quarter end, best
// first; units with the same ratio share the better rank and are listed by
// unit code. INVALID_ARGUMENT (naming units[i]) for a plan of 0 or less, a
// negative count, or a repeated unit code.
absl::StatusOr<std::vector<RankedUnit>> RankQuarter(
    const std::vector<UnitProgress>& units, const ScoringPolicy& policy);

// Whether quarter `quarter` (1–4) of `year` is ranked: in the launch year
// ranking starts in Q2, so 2016 has three ranked quarters.
bool IsRankedQuarter(int year, int quarter, const ScoringPolicy& policy);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_QUARTER_RANKING_H_
