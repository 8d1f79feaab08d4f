#include "assessment-svc/src/app/plan_book.h"

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

bool PlanBook::IsShippedYear(int year) const {
  return year >= 2016 && year <= 2018;
}

absl::StatusOr<std::vector<v1::PlanUnit>> PlanBook::PlanFor(int year) const {
  std::vector<v1::PlanUnit> units;
  if (IsShippedYear(year)) {
    for (const reference::CountyPlan& c : shipped_) {
      v1::PlanUnit u;
      u.set_unit_code(c.unit_code);
      u.set_name(c.name_zh);
      u.set_members_base(c.members_2015);
      u.set_plan(year == 2016   ? c.issue_2016
                 : year == 2017 ? c.issue_2017
                                : c.issue_2018);
      u.set_cumulative_target(year == 2016   ? c.issue_2016
                              : year == 2017 ? c.cumulative_2017
                                             : c.cumulative_2018);
      units.push_back(std::move(u));
    }
    return units;
  }
  ASSIGN_OR_RETURN(std::optional<StoredPlan> plan,
                   generated_->ApprovedFor(year));
  if (!plan) {
    return absl::FailedPreconditionError(absl::StrCat(
        "there is no plan for ", year,
        ": the shipped plan covers 2016–2018; generate and approve one for "
        "later years (GeneratePlan, ApprovePlan)"));
  }
  // The cumulative target is the plans of the period so far.
  std::map<std::string, int64_t> cumulative;
  for (const PlanUnitRow& row : plan->units) {
    if (row.year > year) continue;
    cumulative[row.unit_code] += row.plan;
    if (row.year != year) continue;
    v1::PlanUnit u;
    u.set_unit_code(row.unit_code);
    u.set_name(NameOf(row.unit_code));
    u.set_members_base(row.members_base);
    u.set_plan(row.plan);
    units.push_back(std::move(u));
  }
  for (v1::PlanUnit& u : units) {
    u.set_cumulative_target(cumulative[u.unit_code()]);
  }
  return units;
}

std::vector<std::string> PlanBook::UnitCodes() const {
  std::vector<std::string> codes;
  for (const reference::CountyPlan& c : shipped_) codes.push_back(c.unit_code);
  return codes;
}

bool PlanBook::IsUnit(const std::string& unit_code) const {
  for (const reference::CountyPlan& c : shipped_) {
    if (c.unit_code == unit_code) return true;
  }
  return false;
}

std::string PlanBook::NameOf(const std::string& unit_code) const {
  for (const reference::CountyPlan& c : shipped_) {
    if (c.unit_code == unit_code) return c.name_zh;
  }
  return unit_code;
}

}  // namespace unioncard::assessment
