#ifndef UNIONCARD_COMMON_REPORT_ASSESSMENT_REPORTS_H_
#define UNIONCARD_COMMON_REPORT_ASSESSMENT_REPORTS_H_

#include <string>

#include "assessment/v1/assessment.pb.h"
#include "common/report/report.h"

namespace unioncard::report {

// assessment-svc's answers as the tables the federation files, with the
// seed document's Chinese column names: one definition for unionctl's
// printouts and the gateway's CSV/XLSX downloads.
Report BulletinReport(const assessment::v1::Bulletin& bulletin);
Report RankingReport(const assessment::v1::QuarterRanking& ranking);
Report PlanReport(const assessment::v1::Plan& plan, int year);
// The annual assessment, by total score.
Report AssessmentReport(const assessment::v1::Assessment& assessment);
Report GeneratedPlanReport(const assessment::v1::GeneratedPlan& plan);
// Coverage and activation per county and month.
Report ProgressReport(const assessment::v1::ProgressSeries& series,
                      const std::string& from, const std::string& to);

}  // namespace unioncard::report

#endif  // UNIONCARD_COMMON_REPORT_ASSESSMENT_REPORTS_H_
