#ifndef UNIONCARD_TOOLS_UNIONCTL_ASSESSMENT_COMMANDS_H_
#define UNIONCARD_TOOLS_UNIONCTL_ASSESSMENT_COMMANDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "assessment/v1/assessment.grpc.pb.h"

namespace unioncard::unionctl {

// unionctl's assessment-svc commands, printing the tables a clerk reads:
//   assessment bulletin --date=YYYY-MM-DD
//   assessment ranking --year=Y --quarter=Q
//   assessment plan --year=Y
// `csv`: the same rows as CSV (UTF-8, Chinese headers) instead.
class AssessmentCommands {
 public:
  AssessmentCommands(assessment::v1::AssessmentService::StubInterface* stub,
                     std::string token)
      : stub_(stub), token_(std::move(token)) {}

  absl::StatusOr<std::string> Bulletin(const std::string& date, bool csv);
  absl::StatusOr<std::string> Ranking(int year, int quarter, bool csv);
  absl::StatusOr<std::string> Plan(int year, bool csv);

 private:
  std::unique_ptr<grpc::ClientContext> Context() const;

  assessment::v1::AssessmentService::StubInterface* stub_;
  std::string token_;
};

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_ASSESSMENT_COMMANDS_H_
