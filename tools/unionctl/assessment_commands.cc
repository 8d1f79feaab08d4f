#include "tools/unionctl/assessment_commands.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/csv/csv.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

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

std::string Table(const std::vector<std::vector<std::string>>& rows, bool csv) {
  std::string out;
  for (const auto& row : rows) {
    if (csv) {
      csv::AppendCsvRecord(row, &out);
      continue;
    }
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "" : "  ", row[i]);
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

}  // namespace

std::unique_ptr<grpc::ClientContext> AssessmentCommands::Context() const {
  auto context = rpc::OutboundContext(absl::Seconds(60));
  rpc::SetBearerToken(*context, token_);
  return context;
}

absl::StatusOr<std::string> AssessmentCommands::Bulletin(
    const std::string& date, bool csv) {
  v1::GetBulletinRequest request;
  request.set_date(date);
  v1::Bulletin b;
  auto context = Context();
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(stub_->GetBulletin(context.get(), request, &b)));
  std::vector<std::vector<std::string>> rows = {
      {"排名", "单位", "实名会员", "年度计划", "本年发卡", "完成率%",
       "累计发卡", "覆盖率%", "激活数", "激活率%"}};
  for (const auto& r : b.rows()) rows.push_back(BulletinFields(r));
  rows.push_back(BulletinFields(b.city()));
  std::string out = csv ? "" : absl::StrCat("月通报 ", b.date(), "\n");
  return out + Table(rows, csv);
}

absl::StatusOr<std::string> AssessmentCommands::Ranking(int year, int quarter,
                                                        bool csv) {
  v1::GetQuarterRankingRequest request;
  request.set_year(year);
  request.set_quarter(quarter);
  v1::QuarterRanking q;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      stub_->GetQuarterRanking(context.get(), request, &q)));
  std::vector<std::vector<std::string>> rows = {
      {"排名", "单位", "发卡数", "年度计划", "完成率%", "得分"}};
  for (const auto& u : q.units()) {
    rows.push_back({std::to_string(u.rank()), u.name(),
                    std::to_string(u.issued()), std::to_string(u.plan()),
                    u.completion(), u.points()});
  }
  std::string out =
      csv ? ""
          : absl::StrFormat("%d年第%d季度排队 (截至 %s)\n", q.year(),
                            q.quarter(), q.quarter_end());
  return out + Table(rows, csv);
}

absl::StatusOr<std::string> AssessmentCommands::Plan(int year, bool csv) {
  v1::GetPlanRequest request;
  request.set_year(year);
  v1::Plan p;
  auto context = Context();
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(stub_->GetPlan(context.get(), request, &p)));
  std::vector<std::vector<std::string>> rows = {
      {"单位", "会员基数", "年度计划", "累计目标"}};
  for (const auto& u : p.units()) {
    rows.push_back({u.name(), std::to_string(u.members_base()),
                    std::to_string(u.plan()),
                    std::to_string(u.cumulative_target())});
  }
  rows.push_back({"合计", "", std::to_string(p.total()), ""});
  return Table(rows, csv);
}

}  // namespace unioncard::unionctl
