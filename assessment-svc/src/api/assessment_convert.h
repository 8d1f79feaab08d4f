#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CONVERT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CONVERT_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "assessment-svc/src/domain/year_assessment.h"
#include "assessment/v1/assessment.pb.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {

// "3", "2.5": whole or half points in [0, max]; otherwise `field` is added
// to `errors` and nothing is returned.
std::optional<Score> ParseHalfPoints(const std::string& text, int max,
                                     const std::string& field,
                                     status::FieldErrors& errors);

// "-" for no ratio (no members, no cards).
std::string Percent(const std::optional<Ratio>& r);

// SimulateAssessment's units (and a stored revision's inputs) as the domain
// takes them; bad fields are added to `errors` as units[i].field.
std::vector<UnitYearInputs> FromProto(const v1::SimulateAssessmentRequest& in,
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
