#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_EVALUATOR_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_EVALUATOR_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"
#include "merchant-svc/src/store/merchant_store.h"
#include "merchant-svc/src/store/rating_store.h"

namespace unioncard::merchant {

struct EvaluatedMerchant {
  MerchantRecord merchant;  // with the standing after this evaluation
  Evaluation evaluation;
  bool changed = false;
};

// The daily evaluation (docs/rules.md §5.5) of every ACTIVE or SUSPENDED
// merchant on a day: stored per merchant and day (running a day again
// gives the same answer), the standing changed — with its figures in the
// history — when it moves. EXIT_PROPOSED is a proposal: staff exit.
class MerchantEvaluator {
 public:
  MerchantEvaluator(MerchantStore* merchants, RatingStore* ratings,
                    EvaluationPolicy policy = {})
      : merchants_(merchants), ratings_(ratings), policy_(policy) {}

  // `stopping` is asked before each merchant: a service shutting down ends
  // the round there with CANCELLED, keeping what was evaluated (the next
  // round evaluates the day again, with the same answers).
  absl::StatusOr<std::vector<EvaluatedMerchant>> EvaluateAll(
      absl::CivilDay day,
      const std::function<bool()>& stopping = [] { return false; });

 private:
  MerchantStore* merchants_;
  RatingStore* ratings_;
  EvaluationPolicy policy_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_EVALUATOR_H_
