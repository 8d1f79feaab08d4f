#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_PROGRESS_REPORTS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_PROGRESS_REPORTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "assessment-svc/src/app/plan_book.h"
#include "assessment-svc/src/domain/assessment_access.h"
#include "assessment-svc/src/domain/bulletin.h"
#include "assessment-svc/src/domain/quarter_ranking.h"
#include "assessment-svc/src/domain/scoring_policy.h"
#include "assessment-svc/src/store/progress_store.h"
#include "assessment/v1/assessment.pb.h"
#include "common/auth/principal.h"

namespace unioncard::assessment {

// One unit's place in a quarter's ranking, with the figures behind it.
struct RankedQuarterUnit {
  RankedUnit ranked;
  int64_t issued = 0;  // first cards issued from 1 January to the quarter end
  int64_t plan = 0;    // the year's plan
};

struct RankedQuarter {
  absl::CivilDay quarter_end;
  std::vector<RankedQuarterUnit> units;  // by rank
};

// Each unit's figures at the end of one month.
struct MonthProgress {
  absl::CivilMonth month;
  std::map<std::string, CountyProgress> units;  // every unit of the plan
};

// The published figures (docs/rules.md §6.1–§6.4): the year's plan, the
// bulletin of a day, a quarter's ranking and the monthly series, all from
// the counters assessment-svc keeps off the feeds.
class ProgressReports {
 public:
  ProgressReports(ProgressStore* progress, const PlanBook* book,
                  ScoringPolicy policy, AssessmentAccess access = {})
      : progress_(progress), book_(book), policy_(policy), access_(access) {}

  absl::StatusOr<std::vector<v1::PlanUnit>> Plan(const auth::Principal& caller,
                                                 int year) const;

  // The year's progress up to `day`, ranked.
  absl::StatusOr<Bulletin> BulletinOn(const auth::Principal& caller,
                                      absl::CivilDay day) const;

  // FAILED_PRECONDITION for a quarter that is not ranked (the launch
  // year's first quarters).
  absl::StatusOr<RankedQuarter> Ranking(const auth::Principal& caller, int year,
                                        int quarter) const;

  // Month by month from `from` through `to`.
  absl::StatusOr<std::vector<MonthProgress>> Series(
      const auth::Principal& caller, absl::CivilMonth from,
      absl::CivilMonth to) const;

 private:
  ProgressStore* progress_;
  const PlanBook* book_;
  ScoringPolicy policy_;
  AssessmentAccess access_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_PROGRESS_REPORTS_H_
