#include "tools/unionctl/analytics_commands.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/grpc/call_as.h"
#include "common/grpc/enum_label.h"
#include "common/report/assessment_reports.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "tools/unionctl/card_commands.h"

namespace unioncard::unionctl {

AnalyticsCommands::AnalyticsCommands(const AnalyticsChannels& channels,
                                     std::string token)
    : assessment_(
          assessment::v1::AssessmentService::NewStub(channels.assessment)),
      cards_(card::v1::CardService::NewStub(channels.card)),
      merchants_(merchant::v1::MerchantService::NewStub(channels.merchant)),
      token_(std::move(token)) {}

absl::StatusOr<Report> AnalyticsCommands::Progress(const std::string& from,
                                                   const std::string& to) {
  assessment::v1::GetProgressSeriesRequest request;
  request.set_from_month(from);
  request.set_to_month(to);
  ASSIGN_OR_RETURN(
      assessment::v1::ProgressSeries series,
      rpc::CallAs(*assessment_,
                  &assessment::v1::AssessmentService::Stub::GetProgressSeries,
                  token_, request));
  return report::ProgressReport(series, from, to);
}

absl::StatusOr<Report> AnalyticsCommands::Usage(const std::string& county,
                                                const std::string& month) {
  merchant::v1::GetCategoryUsageRequest request;
  request.set_county_id(county);
  request.set_month(month);
  ASSIGN_OR_RETURN(
      merchant::v1::GetCategoryUsageResponse usage,
      rpc::CallAs(*merchants_,
                  &merchant::v1::MerchantService::Stub::GetCategoryUsage,
                  token_, request));
  Report report;
  report.title =
      absl::StrCat("签约商户用卡 ", usage.county_id(), " ", usage.month());
  report.header = {"类别", "交易笔数", "消费金额(元)", "用卡会员"};
  for (const auto& c : usage.categories()) {
    report.rows.push_back({rpc::EnumLabel(c.category()),
                           std::to_string(c.transactions()),
                           Yuan(c.spend_fen()), std::to_string(c.members())});
  }
  return report;
}

absl::StatusOr<Report> AnalyticsCommands::Dormant(const std::string& org_id,
                                                  const std::string& kind,
                                                  int days) {
  card::v1::ListDormantCardsRequest request;
  request.set_org_id(org_id);
  request.set_days(days);
  if (kind == "not-activated") {
    request.set_kind(card::v1::DORMANT_KIND_ISSUED_NOT_ACTIVATED);
  } else if (kind == "never-used") {
    request.set_kind(card::v1::DORMANT_KIND_ACTIVATED_NEVER_USED);
  } else {
    return status::InvalidField("kind", "must be not-activated or never-used");
  }
  ASSIGN_OR_RETURN(
      card::v1::ListDormantCardsResponse dormant,
      rpc::CallAs(*cards_, &card::v1::CardService::Stub::ListDormantCards,
                  token_, request));
  Report report;
  report.title = kind == "not-activated"
                     ? absl::StrCat("发卡 ", days == 0 ? 30 : days,
                                    " 天以上未激活 (共 ", dormant.total(), ")")
                     : absl::StrCat("激活后未用卡 (共 ", dormant.total(), ")");
  report.header = {"县级单位", "基层工会", "卡数", "会员编号"};
  for (const auto& u : dormant.unions()) {
    report.rows.push_back({u.county_id(), u.org_id(), std::to_string(u.cards()),
                           absl::StrJoin(u.member_ids(), " ")});
  }
  return report;
}

}  // namespace unioncard::unionctl
