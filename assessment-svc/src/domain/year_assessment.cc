#include "assessment-svc/src/domain/year_assessment.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {

absl::StatusOr<YearAssessment> AssessYearFromQuarters(
    int year, const std::vector<UnitYearInputs>& units,
    const ScoringPolicy& policy) {
  status::FieldErrors errors;
  for (size_t i = 0; i < units.size(); ++i) {
    const auto& q = units[i].issued_by_quarter_end;
    for (int k = 0; k < 4; ++k) {
      if (q[k] < 0 || (k > 0 && q[k] < q[k - 1])) {
        errors.Add(
            absl::StrCat("units[", i, "].issued_by_quarter_end[", k, "]"),
            "must not be negative nor below the quarter before");
      }
    }
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;

  YearAssessment result;
  result.year = year;
  std::map<std::string, std::vector<Score>> points;
  for (int quarter = 1; quarter <= 4; ++quarter) {
    if (!IsRankedQuarter(year, quarter, policy)) continue;
    std::vector<UnitProgress> progress;
    for (const UnitYearInputs& u : units) {
      progress.push_back(
          {u.unit_code, u.issued_by_quarter_end[quarter - 1], u.plan});
    }
    absl::StatusOr<std::vector<RankedUnit>> ranked =
        RankQuarter(progress, policy);
    if (!ranked.ok()) return ranked.status();
    for (const RankedUnit& r : *ranked) points[r.unit_code].push_back(r.points);
    result.quarter_rankings.emplace_back(quarter, *std::move(ranked));
  }

  std::vector<UnitYear> years;
  for (const UnitYearInputs& u : units) {
    years.push_back({u.unit_code, u.plan, u.issued_by_quarter_end[3],
                     u.issued_cumulative, u.activated_cumulative,
                     u.service_items, points[u.unit_code], u.regular});
  }
  absl::StatusOr<std::vector<UnitAssessment>> assessed =
      AssessYear(years, policy);
  if (!assessed.ok()) return assessed.status();
  result.units = *std::move(assessed);
  return result;
}

}  // namespace unioncard::assessment
