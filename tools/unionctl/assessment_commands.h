#ifndef UNIONCARD_TOOLS_UNIONCTL_ASSESSMENT_COMMANDS_H_
#define UNIONCARD_TOOLS_UNIONCTL_ASSESSMENT_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment/v1/assessment.grpc.pb.h"
#include "common/report/report.h"

namespace unioncard::unionctl {

using report::Report;

// unionctl's assessment-svc commands. The reads give a Report (printed as a
// table, or exported as CSV or XLSX with Chinese headers):
//   assessment bulletin --date=YYYY-MM-DD
//   assessment ranking --year=Y --quarter=Q
//   assessment plan --year=Y
//   assessment show --year=Y [--revision=N]
// and the assessors' and the city's steps:
//   assessment regular --year=Y --unit=U --leadership=2.5 --measures=4
//   assessment incident --unit=U --kind=omission|criticism --date=D --note=…
//   assessment compute --year=Y
//   assessment advance --year=Y --revision=N --step=review|approve|publish|
//                      send-back|correct [--note=…]
//   assessment plan generate --first_year=Y --targets=10,40,80
//   assessment plan edit --plan_id=N --year=Y --unit=U --plan=CARDS
//   assessment plan approve --plan_id=N
class AssessmentCommands {
 public:
  AssessmentCommands(std::shared_ptr<grpc::ChannelInterface> channel,
                     std::string token);

  absl::StatusOr<Report> Bulletin(const std::string& date);
  absl::StatusOr<Report> Ranking(int year, int quarter);
  absl::StatusOr<Report> Plan(int year);
  absl::StatusOr<Report> Assessment(int year, int revision);

  absl::StatusOr<std::string> SetRegularItems(int year, const std::string& unit,
                                              const std::string& leadership,
                                              const std::string& measures);
  absl::StatusOr<std::string> AddIncident(const std::string& unit,
                                          const std::string& kind,
                                          const std::string& date,
                                          const std::string& note);
  absl::StatusOr<Report> Compute(int year);
  absl::StatusOr<Report> Advance(int year, int revision,
                                 const std::string& step,
                                 const std::string& note);
  absl::StatusOr<Report> GeneratePlan(int first_year,
                                      const std::string& targets);
  absl::StatusOr<Report> EditPlan(int64_t plan_id, int year,
                                  const std::string& unit, int64_t plan);
  absl::StatusOr<Report> ApprovePlan(int64_t plan_id);

 private:
  std::unique_ptr<assessment::v1::AssessmentService::Stub> figures_;
  std::unique_ptr<assessment::v1::AnnualAssessmentService::Stub> annual_;
  std::unique_ptr<assessment::v1::PlanService::Stub> plans_;
  std::string token_;
};

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_ASSESSMENT_COMMANDS_H_
