#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_RATINGS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_RATINGS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "merchant-svc/src/app/card_holders.h"
#include "merchant-svc/src/app/merchant_contracts.h"
#include "merchant-svc/src/domain/merchant_access.h"
#include "merchant-svc/src/store/merchant_store.h"
#include "merchant-svc/src/store/rating_store.h"

namespace unioncard::merchant {

// A member's rating, as the member is told it was kept.
struct RatingReceipt {
  int64_t merchant_id = 0;
  absl::CivilMonth month;
  bool replaced = false;  // an earlier rating of the month was edited
};

// What the evaluation is computed from (docs/rules.md §5.5): members'
// ratings (会员评议) and staff's inspections (日常考评).
class MerchantRatings {
 public:
  MerchantRatings(MerchantStore* merchants, RatingStore* ratings,
                  const MerchantContracts* contracts,
                  const CardHolders* card_holders,
                  std::function<absl::CivilDay()> today,
                  MerchantAccess access = {})
      : merchants_(merchants),
        ratings_(ratings),
        contracts_(contracts),
        card_holders_(card_holders),
        today_(std::move(today)),
        access_(access) {}

  // The calling member's rating of a contracted merchant, this month; the
  // member must hold an issued card (asked of card-svc).
  absl::StatusOr<RatingReceipt> Rate(const auth::Principal& caller,
                                     int64_t merchant_id, int stars,
                                     const std::string& comment,
                                     bool edit) const;

  // An inspection by staff who manage the merchant.
  absl::StatusOr<InspectionRecord> RecordInspection(
      const auth::Principal& caller, const std::string& request_id,
      int64_t merchant_id, int score, const std::string& notes) const;

 private:
  MerchantStore* merchants_;
  RatingStore* ratings_;
  const MerchantContracts* contracts_;
  const CardHolders* card_holders_;
  std::function<absl::CivilDay()> today_;
  MerchantAccess access_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_RATINGS_H_
