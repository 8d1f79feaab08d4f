#include "merchant-svc/src/app/merchant_reports.h"

#include "common/status/macros.h"

namespace unioncard::merchant {

absl::StatusOr<std::pair<absl::CivilDay, std::vector<EvaluatedMerchant>>>
MerchantReports::Evaluate(const auth::Principal& caller,
                          std::optional<absl::CivilDay> day) const {
  RETURN_IF_ERROR(access_.CheckEvaluate(caller));
  const absl::CivilDay evaluated = day.value_or(today_());
  ASSIGN_OR_RETURN(std::vector<EvaluatedMerchant> rows,
                   evaluator_->EvaluateAll(evaluated));
  return std::make_pair(evaluated, std::move(rows));
}

absl::StatusOr<EvaluationReport> MerchantReports::LatestEvaluations(
    const auth::Principal& caller, const std::string& owner_org_id) const {
  EvaluationReport report;
  for (int64_t after = 0;;) {
    ASSIGN_OR_RETURN(
        std::vector<MerchantRecord> merchants,
        contracts_->List(caller, owner_org_id, std::nullopt, after, 500));
    if (merchants.empty()) break;
    after = merchants.back().id;
    for (MerchantRecord& m : merchants) {
      ASSIGN_OR_RETURN(std::optional<Evaluation> e,
                       ratings_->LatestEvaluation(m.id));
      if (!e.has_value()) continue;
      if (!report.latest_day || *report.latest_day < e->day) {
        report.latest_day = e->day;
      }
      report.merchants.push_back({std::move(m), *std::move(e), false});
    }
  }
  return report;
}

absl::StatusOr<Usage> MerchantReports::MerchantUsage(
    const auth::Principal& caller, int64_t merchant_id,
    absl::CivilMonth month) const {
  ASSIGN_OR_RETURN(MerchantRecord m, contracts_->Get(caller, merchant_id));
  return usage_->OfMerchant(m.id, month);
}

absl::StatusOr<std::map<int, Usage>> MerchantReports::CategoryUsage(
    const auth::Principal& caller, const std::string& county_id,
    absl::CivilMonth month) const {
  RETURN_IF_ERROR(access_.CheckRead(caller, OwnerPath(county_id)));
  return usage_->ByCategory(county_id, month);
}

}  // namespace unioncard::merchant
