#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_REVISION_JSON_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_REVISION_JSON_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/api/assessment_convert.h"
#include "assessment-svc/src/app/annual_assessments.h"
#include "google/protobuf/message.h"

namespace unioncard::assessment {

// Keeps a revision's inputs as a `SimulateAssessmentRequest` and its result
// as an `AssessmentResult`, in protobuf JSON.
class JsonRevisionEncoder final : public RevisionEncoder {
 public:
  explicit JsonRevisionEncoder(UnitNames name_of)
      : name_of_(std::move(name_of)) {}

  absl::StatusOr<std::string> Inputs(
      int year, const std::vector<UnitYearInputs>& units) const override;
  absl::StatusOr<std::string> Result(
      const YearAssessment& scored) const override;

 private:
  UnitNames name_of_;
};

// A stored revision's JSON back into `out`; DATA_LOSS when it does not
// parse.
absl::Status ParseRevisionJson(const std::string& json,
                               google::protobuf::Message* out);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_REVISION_JSON_H_
