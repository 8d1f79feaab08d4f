#include "merchant-svc/src/app/merchant_evaluator.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/status/macros.h"

namespace unioncard::merchant {

absl::StatusOr<std::vector<EvaluatedMerchant>> MerchantEvaluator::EvaluateAll(
    absl::CivilDay day, const std::function<bool()>& stopping) {
  ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                   merchants_->MerchantIdsIn(
                       {ContractState::kActive, ContractState::kSuspended}));
  std::vector<EvaluatedMerchant> report;
  for (int64_t id : ids) {
    if (stopping()) {
      return absl::CancelledError(
          absl::StrCat("the evaluation of ", absl::FormatCivilTime(day),
                       " stopped for shutdown after ", report.size(), " of ",
                       ids.size(), " merchants"));
    }
    ASSIGN_OR_RETURN(std::vector<Rating> ratings,
                     ratings_->RatingsUpTo(id, day));
    ASSIGN_OR_RETURN(std::optional<Evaluation> previous,
                     ratings_->EvaluationBefore(id, day));
    const Evaluation e = Evaluate(ratings, day, previous, policy_);
    RETURN_IF_ERROR(ratings_->SaveEvaluation(id, e));
    ASSIGN_OR_RETURN(MerchantRecord before, merchants_->Get(id));
    RETURN_IF_ERROR(merchants_->SetStanding(id, e.standing, e.reason, day));
    EvaluatedMerchant row{std::move(before), e, false};
    row.changed = row.merchant.standing != e.standing;
    row.merchant.standing = e.standing;
    report.push_back(std::move(row));
  }
  return report;
}

}  // namespace unioncard::merchant
