#include "tools/unionctl/assessment_commands.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/grpc/call_as.h"
#include "common/report/assessment_reports.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "tools/unionctl/card_commands.h"

namespace unioncard::unionctl {
namespace {

namespace v1 = assessment::v1;

}  // namespace

AssessmentCommands::AssessmentCommands(
    std::shared_ptr<grpc::ChannelInterface> channel, std::string token)
    : figures_(v1::AssessmentService::NewStub(channel)),
      annual_(v1::AnnualAssessmentService::NewStub(channel)),
      plans_(v1::PlanService::NewStub(channel)),
      token_(std::move(token)) {}

absl::StatusOr<Report> AssessmentCommands::Bulletin(const std::string& date) {
  v1::GetBulletinRequest request;
  request.set_date(date);
  ASSIGN_OR_RETURN(
      v1::Bulletin b,
      rpc::CallAs(*figures_, &v1::AssessmentService::Stub::GetBulletin, token_,
                  request));
  return report::BulletinReport(b);
}

absl::StatusOr<Report> AssessmentCommands::Ranking(int year, int quarter) {
  v1::GetQuarterRankingRequest request;
  request.set_year(year);
  request.set_quarter(quarter);
  ASSIGN_OR_RETURN(
      v1::QuarterRanking q,
      rpc::CallAs(*figures_, &v1::AssessmentService::Stub::GetQuarterRanking,
                  token_, request));
  return report::RankingReport(q);
}

absl::StatusOr<Report> AssessmentCommands::Plan(int year) {
  v1::GetPlanRequest request;
  request.set_year(year);
  ASSIGN_OR_RETURN(v1::Plan p,
                   rpc::CallAs(*figures_, &v1::AssessmentService::Stub::GetPlan,
                               token_, request));
  return report::PlanReport(p, year);
}

absl::StatusOr<Report> AssessmentCommands::Assessment(int year, int revision) {
  v1::GetAssessmentRequest request;
  request.set_year(year);
  request.set_revision(revision);
  ASSIGN_OR_RETURN(
      v1::Assessment a,
      rpc::CallAs(*annual_, &v1::AnnualAssessmentService::Stub::GetAssessment,
                  token_, request));
  return report::AssessmentReport(a);
}

absl::StatusOr<std::string> AssessmentCommands::SetRegularItems(
    int year, const std::string& unit, const std::string& leadership,
    const std::string& measures) {
  v1::SetRegularItemsRequest request;
  request.set_year(year);
  request.set_unit_code(unit);
  request.set_leadership(leadership);
  request.set_measures(measures);
  ASSIGN_OR_RETURN(
      v1::RegularItemsEntry saved,
      rpc::CallAs(*figures_, &v1::AssessmentService::Stub::SetRegularItems,
                  token_, request));
  return absl::StrFormat("%d %s: 领导重视 %s, 措施有力 %s (by %s)\n",
                         saved.year(), saved.unit_code(), saved.leadership(),
                         saved.measures(), saved.updated_by());
}

absl::StatusOr<std::string> AssessmentCommands::AddIncident(
    const std::string& unit, const std::string& kind, const std::string& date,
    const std::string& note) {
  v1::AddIncidentRequest request;
  request.set_unit_code(unit);
  request.set_kind(kind == "omission"    ? v1::INCIDENT_KIND_OMISSION
                   : kind == "criticism" ? v1::INCIDENT_KIND_CRITICISM
                                         : v1::INCIDENT_KIND_UNSPECIFIED);
  request.set_date(date);
  request.set_note(note);
  // The same entry typed again (or a retried call) is recorded once.
  request.set_request_id(absl::StrFormat(
      "unionctl-incident-%016x", std::hash<std::string>()(absl::StrCat(
                                     unit, "|", kind, "|", date, "|", note))));
  ASSIGN_OR_RETURN(
      v1::Incident saved,
      rpc::CallAs(*figures_, &v1::AssessmentService::Stub::AddIncident, token_,
                  request));
  return absl::StrFormat("incident %d: %s %s %s %s\n", saved.id(),
                         saved.unit_code(), kind, saved.date(), saved.note());
}

absl::StatusOr<Report> AssessmentCommands::Compute(int year) {
  v1::ComputeAssessmentRequest request;
  request.set_year(year);
  ASSIGN_OR_RETURN(
      v1::Assessment a,
      rpc::CallAs(*annual_,
                  &v1::AnnualAssessmentService::Stub::ComputeAssessment, token_,
                  request));
  return report::AssessmentReport(a);
}

absl::StatusOr<Report> AssessmentCommands::Advance(int year, int revision,
                                                   const std::string& step,
                                                   const std::string& note) {
  v1::AdvanceAssessmentRequest request;
  request.set_year(year);
  request.set_revision(revision);
  request.set_note(note);
  const std::map<std::string, v1::AssessmentStep> steps = {
      {"review", v1::ASSESSMENT_STEP_REVIEW},
      {"approve", v1::ASSESSMENT_STEP_APPROVE},
      {"publish", v1::ASSESSMENT_STEP_PUBLISH},
      {"send-back", v1::ASSESSMENT_STEP_SEND_BACK},
      {"correct", v1::ASSESSMENT_STEP_CORRECT}};
  auto it = steps.find(step);
  if (it == steps.end()) {
    return status::InvalidField(
        "step", "must be review, approve, publish, send-back or correct");
  }
  request.set_step(it->second);
  ASSIGN_OR_RETURN(
      v1::Assessment a,
      rpc::CallAs(*annual_,
                  &v1::AnnualAssessmentService::Stub::AdvanceAssessment, token_,
                  request));
  return report::AssessmentReport(a);
}

absl::StatusOr<Report> AssessmentCommands::GeneratePlan(
    int first_year, const std::string& targets) {
  v1::GeneratePlanRequest request;
  request.set_first_year(first_year);
  for (absl::string_view t : absl::StrSplit(targets, ',')) {
    request.add_coverage_targets(std::string(t));
  }
  // Generating the same period with the same targets again returns the
  // first plan.
  request.set_request_id(absl::StrFormat(
      "unionctl-plan-%016x",
      std::hash<std::string>()(absl::StrCat(first_year, "|", targets))));
  ASSIGN_OR_RETURN(v1::GeneratedPlan p,
                   rpc::CallAs(*plans_, &v1::PlanService::Stub::GeneratePlan,
                               token_, request));
  return report::GeneratedPlanReport(p);
}

absl::StatusOr<Report> AssessmentCommands::EditPlan(int64_t plan_id, int year,
                                                    const std::string& unit,
                                                    int64_t plan) {
  v1::UpdatePlanUnitRequest request;
  request.set_plan_id(plan_id);
  request.set_year(year);
  request.set_unit_code(unit);
  request.set_plan(plan);
  ASSIGN_OR_RETURN(v1::GeneratedPlan p,
                   rpc::CallAs(*plans_, &v1::PlanService::Stub::UpdatePlanUnit,
                               token_, request));
  return report::GeneratedPlanReport(p);
}

absl::StatusOr<Report> AssessmentCommands::ApprovePlan(int64_t plan_id) {
  v1::ApprovePlanRequest request;
  request.set_plan_id(plan_id);
  ASSIGN_OR_RETURN(v1::GeneratedPlan p,
                   rpc::CallAs(*plans_, &v1::PlanService::Stub::ApprovePlan,
                               token_, request));
  return report::GeneratedPlanReport(p);
}

}  // namespace unioncard::unionctl
