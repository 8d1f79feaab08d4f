#include "tools/unionctl/assessment_commands.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/grpc/call_as.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "tools/unionctl/card_commands.h"

namespace unioncard::unionctl {
namespace {

namespace v1 = assessment::v1;

std::vector<std::string> BulletinFields(const v1::BulletinRow& r) {
  return {r.rank() == 0 ? "" : std::to_string(r.rank()),
          r.name(),
          std::to_string(r.members()),
          std::to_string(r.plan()),
          std::to_string(r.issued_this_year()),
          r.completion(),
          std::to_string(r.issued_cumulative()),
          r.coverage(),
          std::to_string(r.activated()),
          r.activation_rate()};
}

const char* StateName(v1::AssessmentState s) {
  switch (s) {
    case v1::DRAFT:
      return "草稿 DRAFT";
    case v1::REVIEWED:
      return "领导小组已审议 REVIEWED";
    case v1::APPROVED:
      return "主席会议已通过 APPROVED";
    case v1::PUBLISHED:
      return "已公布 PUBLISHED";
    default:
      return "?";
  }
}

// The annual assessment as the city files it: by total score.
Report AssessmentReport(const v1::Assessment& a) {
  Report report;
  report.title = absl::StrFormat("%d年度会员卡工作考核 第%d版 %s", a.year(),
                                 a.revision(), StateName(a.state()));
  report.header = {"单位",     "领导重视", "措施有力", "响应及时",
                   "督查排队", "平时考核", "发卡任务", "激活",
                   "服务项目", "年终考核", "总分",     "完成率%",
                   "激活率%",  "一票否决", "奖励名次", "补助(元)"};
  std::vector<v1::UnitScore> units(a.result().units().begin(),
                                   a.result().units().end());
  std::stable_sort(units.begin(), units.end(),
                   [](const v1::UnitScore& x, const v1::UnitScore& y) {
                     double tx = 0, ty = 0;
                     (void)absl::SimpleAtod(x.total(), &tx);
                     (void)absl::SimpleAtod(y.total(), &ty);
                     return tx > ty;
                   });
  for (const v1::UnitScore& u : units) {
    report.rows.push_back(
        {u.name(), u.leadership(), u.measures(), u.responsiveness(),
         u.supervision(), u.regular_total(), u.issuance(), u.activation(),
         u.service_items(), u.year_end_total(), u.total(), u.completion(),
         u.activation_rate(), u.vetoed() ? "是" : "否",
         u.award_rank() == 0 ? "" : std::to_string(u.award_rank()),
         u.award_fen() == 0 ? "" : Yuan(u.award_fen())});
  }
  return report;
}

Report GeneratedPlanReport(const v1::GeneratedPlan& p) {
  Report report;
  report.title = absl::StrFormat(
      "计划 %d (%s)", p.plan_id(),
      p.state() == v1::PLAN_APPROVED ? "已批准 APPROVED" : "草稿 DRAFT");
  report.header = {"年度",     "覆盖率目标%", "代码",    "单位",
                   "会员基数", "年度计划",    "累计目标"};
  for (const v1::PlanYear& y : p.years()) {
    for (const v1::PlanUnit& u : y.units()) {
      report.rows.push_back(
          {std::to_string(y.year()), y.coverage_target(), u.unit_code(),
           u.name(), std::to_string(u.members_base()), std::to_string(u.plan()),
           std::to_string(u.cumulative_target())});
    }
    report.rows.push_back({std::to_string(y.year()), y.coverage_target(), "",
                           "合计", "", std::to_string(y.total()), ""});
  }
  return report;
}

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
  Report report;
  report.title = absl::StrCat("月通报 ", b.date());
  report.header = {"排名",    "单位",     "实名会员", "年度计划", "本年发卡",
                   "完成率%", "累计发卡", "覆盖率%",  "激活数",   "激活率%"};
  for (const auto& r : b.rows()) report.rows.push_back(BulletinFields(r));
  report.rows.push_back(BulletinFields(b.city()));
  return report;
}

absl::StatusOr<Report> AssessmentCommands::Ranking(int year, int quarter) {
  v1::GetQuarterRankingRequest request;
  request.set_year(year);
  request.set_quarter(quarter);
  ASSIGN_OR_RETURN(
      v1::QuarterRanking q,
      rpc::CallAs(*figures_, &v1::AssessmentService::Stub::GetQuarterRanking,
                  token_, request));
  Report report;
  report.title = absl::StrFormat("%d年第%d季度排队 (截至 %s)", q.year(),
                                 q.quarter(), q.quarter_end());
  report.header = {"排名", "单位", "发卡数", "年度计划", "完成率%", "得分"};
  for (const auto& u : q.units()) {
    report.rows.push_back({std::to_string(u.rank()), u.name(),
                           std::to_string(u.issued()), std::to_string(u.plan()),
                           u.completion(), u.points()});
  }
  return report;
}

absl::StatusOr<Report> AssessmentCommands::Plan(int year) {
  v1::GetPlanRequest request;
  request.set_year(year);
  ASSIGN_OR_RETURN(v1::Plan p,
                   rpc::CallAs(*figures_, &v1::AssessmentService::Stub::GetPlan,
                               token_, request));
  Report report;
  report.title = absl::StrCat(year, "年度发卡计划");
  report.header = {"单位", "会员基数", "年度计划", "累计目标"};
  for (const auto& u : p.units()) {
    report.rows.push_back({u.name(), std::to_string(u.members_base()),
                           std::to_string(u.plan()),
                           std::to_string(u.cumulative_target())});
  }
  report.rows.push_back({"合计", "", std::to_string(p.total()), ""});
  return report;
}

absl::StatusOr<Report> AssessmentCommands::Assessment(int year, int revision) {
  v1::GetAssessmentRequest request;
  request.set_year(year);
  request.set_revision(revision);
  ASSIGN_OR_RETURN(
      v1::Assessment a,
      rpc::CallAs(*annual_, &v1::AnnualAssessmentService::Stub::GetAssessment,
                  token_, request));
  return AssessmentReport(a);
}

absl::StatusOr<std::string> AssessmentCommands::SetRegularItems(
    int year, const std::string& unit, const std::string& leadership,
    const std::string& measures) {
  v1::RegularItemsEntry request;
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
  request.set_kind(kind == "omission"    ? v1::OMISSION
                   : kind == "criticism" ? v1::CRITICISM
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
  return AssessmentReport(a);
}

absl::StatusOr<Report> AssessmentCommands::Advance(int year, int revision,
                                                   const std::string& step,
                                                   const std::string& note) {
  v1::AdvanceAssessmentRequest request;
  request.set_year(year);
  request.set_revision(revision);
  request.set_note(note);
  const std::map<std::string, v1::AssessmentStep> steps = {
      {"review", v1::REVIEW},
      {"approve", v1::APPROVE},
      {"publish", v1::PUBLISH},
      {"send-back", v1::SEND_BACK},
      {"correct", v1::CORRECT}};
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
  return AssessmentReport(a);
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
  return GeneratedPlanReport(p);
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
  return GeneratedPlanReport(p);
}

absl::StatusOr<Report> AssessmentCommands::ApprovePlan(int64_t plan_id) {
  v1::ApprovePlanRequest request;
  request.set_plan_id(plan_id);
  ASSIGN_OR_RETURN(v1::GeneratedPlan p,
                   rpc::CallAs(*plans_, &v1::PlanService::Stub::ApprovePlan,
                               token_, request));
  return GeneratedPlanReport(p);
}

}  // namespace unioncard::unionctl
