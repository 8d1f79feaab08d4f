#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CONVERT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CONVERT_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "assessment/v1/assessment.pb.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {

// Stated ranges of SimulateAssessment's numbers. Counts of cards, members,
// service items and plans stay far below 10^9 (Cangzhou has 1.44 M
// members); the bound keeps every product and percentage of the scoring
// well inside int64.
inline constexpr int64_t kMaxCount = 1'000'000'000;
// Omissions and criticism notices per unit and year.
inline constexpr int kMaxIncidents = 1000;

// Years the programme can be assessed in: from its launch to five years
// ahead (plans are made a few years ahead).
struct YearRange {
  int first = 0;
  int last = 0;
};
YearRange AssessableYears(int launch_year, absl::CivilDay today);
// Adds a violation of `field` when `year` is outside `range`.
void CheckYear(int year, const YearRange& range, const std::string& field,
               status::FieldErrors& errors);

// "3", "2.5": whole or half points in [0, max], digits only (no sign, so
// "-0.5" is refused rather than read as 0.5); otherwise `field` is added to
// `errors` and nothing is returned.
std::optional<Score> ParseHalfPoints(const std::string& text, int max,
                                     const std::string& field,
                                     status::FieldErrors& errors);

// "-" for no ratio (no members, no cards).
std::string Percent(const std::optional<Ratio>& r);

// What SimulateAssessment accepts beyond the per-field ranges above.
struct SimulationBounds {
  YearRange years;
  std::function<bool(const std::string&)> is_unit;  // a county-level unit
  int max_units = 0;  // the number of county-level units
};

// SimulateAssessment's request (or a stored revision's inputs) as the domain
// takes them; every bad field is added to `errors` (year, units,
// units[i].field), echoing caller input only as a short prefix.
std::vector<UnitYearInputs> FromProto(const v1::SimulateAssessmentRequest& in,
                                      const SimulationBounds& bounds,
                                      status::FieldErrors& errors);
// The live assessment's inputs in the same shape, so a revision's inputs
// can be fed to SimulateAssessment unchanged.
v1::SimulateAssessmentRequest ToProto(int year,
                                      const std::vector<UnitYearInputs>& in);

using UnitNames = std::function<std::string(const std::string& unit_code)>;
v1::AssessmentResult ToProto(const YearAssessment& year,
                             const UnitNames& name_of);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CONVERT_H_
