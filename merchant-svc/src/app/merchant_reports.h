#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_REPORTS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_REPORTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "merchant-svc/src/app/merchant_contracts.h"
#include "merchant-svc/src/app/merchant_evaluator.h"
#include "merchant-svc/src/domain/merchant_access.h"
#include "merchant-svc/src/store/rating_store.h"
#include "merchant-svc/src/store/usage_store.h"

namespace unioncard::merchant {

// The latest evaluation of each merchant in a scope.
struct EvaluationReport {
  std::optional<absl::CivilDay> latest_day;  // none: nothing evaluated yet
  std::vector<EvaluatedMerchant> merchants;
};

// How merchants are doing (docs/rules.md §5.5–§5.7): the evaluation, run
// on demand or read back, and the card spending at them.
class MerchantReports {
 public:
  MerchantReports(RatingStore* ratings, UsageStore* usage,
                  MerchantEvaluator* evaluator,
                  const MerchantContracts* contracts,
                  std::function<absl::CivilDay()> today,
                  MerchantAccess access = {})
      : ratings_(ratings),
        usage_(usage),
        evaluator_(evaluator),
        contracts_(contracts),
        today_(std::move(today)),
        access_(access) {}

  // Evaluates every contracted merchant on `day` (none: today); the day
  // evaluated is returned with the rows.
  absl::StatusOr<std::pair<absl::CivilDay, std::vector<EvaluatedMerchant>>>
  Evaluate(const auth::Principal& caller,
           std::optional<absl::CivilDay> day) const;

  // The merchants owned at or under `owner_org_id` ("": the caller's unit)
  // with their latest evaluation, those never evaluated left out.
  absl::StatusOr<EvaluationReport> LatestEvaluations(
      const auth::Principal& caller, const std::string& owner_org_id) const;

  absl::StatusOr<Usage> MerchantUsage(const auth::Principal& caller,
                                      int64_t merchant_id,
                                      absl::CivilMonth month) const;

  // By category, at the merchants the county signed.
  absl::StatusOr<std::map<int, Usage>> CategoryUsage(
      const auth::Principal& caller, const std::string& county_id,
      absl::CivilMonth month) const;

 private:
  RatingStore* ratings_;
  UsageStore* usage_;
  MerchantEvaluator* evaluator_;
  const MerchantContracts* contracts_;
  std::function<absl::CivilDay()> today_;
  MerchantAccess access_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_REPORTS_H_
