#include "assessment-svc/src/app/plan_drafts.h"

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/domain/plan_apportionment.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::StatusOr<StoredPlan> PlanDrafts::Generate(
    const auth::Principal& caller, const std::string& request_id,
    int first_year, const std::vector<CoverageTarget>& targets) const {
  RETURN_IF_ERROR(access_.CheckDraftPlans(caller, "generate plans"));
  // Today's real-name members, as the member feed has counted them.
  const absl::CivilDay today = today_();
  ASSIGN_OR_RETURN(auto progress, progress_->ProgressOn(today, today));
  const std::vector<std::string> codes = book_->UnitCodes();
  std::vector<int64_t> counts;
  for (const std::string& code : codes) {
    counts.push_back(progress[code].members);
  }
  std::vector<Ratio> coverages;
  for (const CoverageTarget& t : targets) coverages.push_back(t.coverage);
  ASSIGN_OR_RETURN(PeriodPlan period, PlanPeriod(counts, coverages));
  StoredPlan plan;
  plan.first_year = first_year;
  plan.last_year = first_year + static_cast<int>(targets.size()) - 1;
  for (size_t y = 0; y < targets.size(); ++y) {
    for (size_t u = 0; u < codes.size(); ++u) {
      plan.units.push_back({first_year + static_cast<int>(y), codes[u],
                            targets[y].text, counts[u], period.plans[y][u]});
    }
  }
  return plans_->Create(caller, request_id, plan);
}

absl::StatusOr<StoredPlan> PlanDrafts::Get(const auth::Principal& caller,
                                           int64_t plan_id) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  return plans_->Get(plan_id);
}

absl::StatusOr<StoredPlan> PlanDrafts::UpdateUnit(const auth::Principal& caller,
                                                  int64_t plan_id, int year,
                                                  const std::string& unit_code,
                                                  int64_t plan) const {
  RETURN_IF_ERROR(access_.CheckDraftPlans(caller, "edit plans"));
  return plans_->UpdateUnit(caller, plan_id, year, unit_code, plan);
}

absl::StatusOr<StoredPlan> PlanDrafts::Approve(const auth::Principal& caller,
                                               int64_t plan_id) const {
  RETURN_IF_ERROR(access_.CheckApprovePlans(caller));
  return plans_->Approve(
      caller, plan_id, [&](const StoredPlan& p) -> absl::Status {
        RETURN_IF_ERROR(access_.CheckNotMaker(caller, p.created_by));
        for (const PlanUnitRow& u : p.units) {
          if (u.plan <= 0) {
            return absl::FailedPreconditionError(
                absl::StrCat("the ", u.year, " plan of ", u.unit_code, " is ",
                             u.plan, "; give every unit a plan above 0 first"));
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::assessment
