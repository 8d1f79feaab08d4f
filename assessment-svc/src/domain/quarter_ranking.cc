#include "assessment-svc/src/domain/quarter_ranking.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {

bool IsRankedQuarter(int year, int quarter, const ScoringPolicy& policy) {
  if (quarter < 1 || quarter > 4 || year < policy.launch_year) return false;
  return year > policy.launch_year ||
         quarter >= policy.launch_year_first_ranked_quarter;
}

absl::StatusOr<std::vector<RankedUnit>> RankQuarter(
    const std::vector<UnitProgress>& units, const ScoringPolicy& policy) {
  status::FieldErrors errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string at = absl::StrCat("units[", i, "]");
    if (units[i].plan <= 0) errors.Add(at + ".plan", "must be positive");
    if (units[i].issued < 0) errors.Add(at + ".issued", "must not be negative");
    if (!seen.insert(units[i].unit_code).second) {
      errors.Add(at + ".unit_code",
                 absl::StrCat("\"", status::Echo(units[i].unit_code),
                              "\" appears twice"));
    }
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;

  std::vector<RankedUnit> ranked;
  ranked.reserve(units.size());
  for (const UnitProgress& u : units) {
    ranked.push_back({u.unit_code, Ratio{u.issued, u.plan}, 0, Score()});
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const RankedUnit& a, const RankedUnit& b) {
              const int c = a.completion.Compare(b.completion);
              return c != 0 ? c > 0 : a.unit_code < b.unit_code;
            });
  for (size_t i = 0; i < ranked.size(); ++i) {
    // Standard competition ranking: a tie takes the better rank, and the
    // next unit's rank counts everyone above it.
    ranked[i].rank = (i > 0 && ranked[i].completion == ranked[i - 1].completion)
                         ? ranked[i - 1].rank
                         : static_cast<int>(i) + 1;
    ranked[i].points =
        Max(policy.quarter_points_floor,
            policy.first_place_points -
                policy.points_step_per_rank * (ranked[i].rank - 1));
  }
  return ranked;
}

}  // namespace unioncard::assessment
