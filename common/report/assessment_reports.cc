#include "common/report/assessment_reports.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace unioncard::report {
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
    case v1::ASSESSMENT_STATE_DRAFT:
      return "草稿 DRAFT";
    case v1::ASSESSMENT_STATE_REVIEWED:
      return "领导小组已审议 REVIEWED";
    case v1::ASSESSMENT_STATE_APPROVED:
      return "主席会议已通过 APPROVED";
    case v1::ASSESSMENT_STATE_PUBLISHED:
      return "已公布 PUBLISHED";
    default:
      return "?";
  }
}

}  // namespace

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
      p.state() == v1::PLAN_STATE_APPROVED ? "已批准 APPROVED" : "草稿 DRAFT");
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

Report BulletinReport(const v1::Bulletin& b) {
  Report report;
  report.title = absl::StrCat("月通报 ", b.date());
  report.header = {"排名",    "单位",     "实名会员", "年度计划", "本年发卡",
                   "完成率%", "累计发卡", "覆盖率%",  "激活数",   "激活率%"};
  for (const auto& r : b.rows()) report.rows.push_back(BulletinFields(r));
  report.rows.push_back(BulletinFields(b.city()));
  return report;
}

Report RankingReport(const v1::QuarterRanking& q) {
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

Report PlanReport(const v1::Plan& p, int year) {
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

Report ProgressReport(const v1::ProgressSeries& series, const std::string& from,
                      const std::string& to) {
  Report report;
  report.title = absl::StrCat("发展面与激活率 ", from, " 至 ", to);
  report.header = {"月份",     "单位",   "实名会员", "在用卡",
                   "累计发卡", "激活数", "覆盖率%",  "激活率%"};
  auto add = [&report](const v1::CountySeries& s) {
    for (const auto& p : s.points()) {
      report.rows.push_back({p.month(), s.name(), std::to_string(p.members()),
                             std::to_string(p.live_cards()),
                             std::to_string(p.issued_cumulative()),
                             std::to_string(p.activated()), p.coverage(),
                             p.activation_rate()});
    }
  };
  for (const auto& county : series.counties()) add(county);
  add(series.city());
  return report;
}

}  // namespace unioncard::report
