#include "gateway/src/http/report_exports.h"

#include "absl/strings/numbers.h"
#include "assessment/v1/assessment.pb.h"
#include "common/report/assessment_reports.h"

namespace unioncard::gateway {
namespace {

namespace v1 = assessment::v1;
using Variables = std::map<std::string, std::string>;

// The answer as its own type: the export table names the method, so the
// type is known.
template <typename T>
const T& As(const google::protobuf::Message& m) {
  return static_cast<const T&>(m);
}

std::string Get(const Variables& v, const std::string& name) {
  auto it = v.find(name);
  return it == v.end() ? "" : it->second;
}

}  // namespace

const std::map<std::string, ReportExport>& ReportExports() {
  static const auto* exports = new std::map<std::string, ReportExport>{
      {"export.bulletin",
       {"unioncard.assessment.v1.AssessmentService/GetBulletin", "bulletin",
        [](const google::protobuf::Message& m, const Variables&) {
          return report::BulletinReport(As<v1::Bulletin>(m));
        }}},
      {"export.ranking",
       {"unioncard.assessment.v1.AssessmentService/GetQuarterRanking",
        "ranking",
        [](const google::protobuf::Message& m, const Variables&) {
          return report::RankingReport(As<v1::QuarterRanking>(m));
        }}},
      {"export.plan",
       {"unioncard.assessment.v1.AssessmentService/GetPlan", "plan",
        [](const google::protobuf::Message& m, const Variables& v) {
          int year = 0;
          (void)absl::SimpleAtoi(Get(v, "year"), &year);  // checked already
          return report::PlanReport(As<v1::Plan>(m), year);
        }}},
      {"export.assessment",
       {"unioncard.assessment.v1.AnnualAssessmentService/GetAssessment",
        "assessment",
        [](const google::protobuf::Message& m, const Variables&) {
          return report::AssessmentReport(As<v1::Assessment>(m));
        }}},
      {"export.generated_plan",
       {"unioncard.assessment.v1.PlanService/GetGeneratedPlan",
        "generated-plan",
        [](const google::protobuf::Message& m, const Variables&) {
          return report::GeneratedPlanReport(As<v1::GeneratedPlan>(m));
        }}},
      {"export.progress",
       {"unioncard.assessment.v1.AssessmentService/GetProgressSeries",
        "progress",
        [](const google::protobuf::Message& m, const Variables& v) {
          return report::ProgressReport(As<v1::ProgressSeries>(m),
                                        Get(v, "from_month"),
                                        Get(v, "to_month"));
        }}},
  };
  return *exports;
}

}  // namespace unioncard::gateway
