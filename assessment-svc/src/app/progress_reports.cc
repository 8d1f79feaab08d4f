#include "assessment-svc/src/app/progress_reports.h"

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::StatusOr<std::vector<v1::PlanUnit>> ProgressReports::Plan(
    const auth::Principal& caller, int year) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  return book_->PlanFor(year);
}

absl::StatusOr<Bulletin> ProgressReports::BulletinOn(
    const auth::Principal& caller, absl::CivilDay day) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> plan,
                   book_->PlanFor(static_cast<int>(day.year())));
  ASSIGN_OR_RETURN(auto progress, progress_->ProgressOn(
                                      absl::CivilDay(day.year(), 1, 1), day));
  std::vector<BulletinInput> inputs;
  for (const v1::PlanUnit& u : plan) {
    const CountyProgress& p = progress[u.unit_code()];
    inputs.push_back({u.unit_code(), p.members, u.plan(), p.issued_in_range,
                      p.issued_cumulative, p.live_cards, p.activated});
  }
  return BuildBulletin(inputs, policy_);
}

absl::StatusOr<RankedQuarter> ProgressReports::Ranking(
    const auth::Principal& caller, int year, int quarter) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> plan, book_->PlanFor(year));
  if (!IsRankedQuarter(year, quarter, policy_)) {
    return absl::FailedPreconditionError(
        absl::StrCat(year, " Q", quarter,
                     " is not ranked: in the launch year ranking starts in Q",
                     policy_.launch_year_first_ranked_quarter));
  }
  RankedQuarter result;
  result.quarter_end =
      absl::CivilDay(absl::CivilMonth(year, quarter * 3 + 1)) - 1;
  ASSIGN_OR_RETURN(
      auto progress,
      progress_->ProgressOn(absl::CivilDay(year, 1, 1), result.quarter_end));
  std::vector<UnitProgress> units;
  std::map<std::string, int64_t> plan_of;
  for (const v1::PlanUnit& u : plan) {
    units.push_back(
        {u.unit_code(), progress[u.unit_code()].issued_in_range, u.plan()});
    plan_of[u.unit_code()] = u.plan();
  }
  ASSIGN_OR_RETURN(std::vector<RankedUnit> ranked, RankQuarter(units, policy_));
  for (RankedUnit& r : ranked) {
    const int64_t issued = progress[r.unit_code].issued_in_range;
    const int64_t unit_plan = plan_of[r.unit_code];
    result.units.push_back({std::move(r), issued, unit_plan});
  }
  return result;
}

absl::StatusOr<std::vector<MonthProgress>> ProgressReports::Series(
    const auth::Principal& caller, absl::CivilMonth from,
    absl::CivilMonth to) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  const std::vector<std::string> codes = book_->UnitCodes();
  std::vector<MonthProgress> series;
  for (absl::CivilMonth m = from; m <= to; ++m) {
    const absl::CivilDay end = absl::CivilDay(m + 1) - 1;
    ASSIGN_OR_RETURN(auto progress, progress_->ProgressOn(
                                        absl::CivilDay(m.year(), 1, 1), end));
    MonthProgress month{m, {}};
    for (const std::string& code : codes) month.units[code] = progress[code];
    series.push_back(std::move(month));
  }
  return series;
}

}  // namespace unioncard::assessment
