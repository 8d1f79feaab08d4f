#include "assessment-svc/src/app/year_inputs.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::StatusOr<std::vector<UnitYearInputs>> GatherYearInputs(
    const YearInputSources& sources, int year) {
  ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> plan,
                   sources.plans->PlanFor(year));
  ASSIGN_OR_RETURN(auto regular, sources.regular_items->OfYear(year));
  std::vector<std::string> missing;
  for (const v1::PlanUnit& u : plan) {
    if (regular.count(u.unit_code()) == 0) missing.push_back(u.unit_code());
  }
  if (!missing.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the assessors have not entered the ", year,
                     " regular items (leadership, measures) of: ",
                     absl::StrJoin(missing, ", ")));
  }
  ASSIGN_OR_RETURN(std::vector<Incident> incidents,
                   sources.incidents->OfYear(year, ""));
  std::map<std::string, IncidentCounts> counts = CountIncidents(incidents);
  const absl::CivilDay new_year(year, 1, 1);
  const absl::CivilDay year_end(year, 12, 31);
  std::array<std::map<std::string, CountyProgress>, 4> quarters;
  for (int q = 0; q < 4; ++q) {
    const absl::CivilDay end =
        absl::CivilDay(absl::CivilMonth(year, (q + 1) * 3 + 1)) - 1;
    ASSIGN_OR_RETURN(quarters[q], sources.progress->ProgressOn(new_year, end));
  }
  std::vector<std::string> codes;
  for (const v1::PlanUnit& u : plan) codes.push_back(u.unit_code());
  ASSIGN_OR_RETURN(auto items, sources.service_items->OwnedOn(codes, year_end));

  std::vector<UnitYearInputs> units;
  for (const v1::PlanUnit& p : plan) {
    const std::string& code = p.unit_code();
    UnitYearInputs u;
    u.unit_code = code;
    u.plan = p.plan();
    for (int q = 0; q < 4; ++q) {
      u.issued_by_quarter_end[q] = quarters[q][code].issued_in_range;
    }
    u.issued_cumulative = quarters[3][code].issued_cumulative;
    u.activated_cumulative = quarters[3][code].activated;
    u.service_items = items[code];
    u.regular = regular[code].items;
    u.regular.omissions = counts[code].omissions;
    u.regular.criticisms = counts[code].criticisms;
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace unioncard::assessment
