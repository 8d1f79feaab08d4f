#include "merchant-svc/src/app/merchant_ratings.h"

#include "absl/strings/numbers.h"
#include "common/status/macros.h"

namespace unioncard::merchant {

absl::StatusOr<RatingReceipt> MerchantRatings::Rate(
    const auth::Principal& caller, int64_t merchant_id, int stars,
    const std::string& comment, bool edit) const {
  RETURN_IF_ERROR(access_.CheckRate(caller));
  // A member's token names the member by id (docs/architecture.md §7).
  int64_t member_id = 0;
  if (!absl::SimpleAtoi(caller.subject, &member_id) || member_id <= 0) {
    return absl::PermissionDeniedError(
        "the member token does not name a member id");
  }
  ASSIGN_OR_RETURN(MerchantRecord m, merchants_->Get(merchant_id));
  RETURN_IF_ERROR(CheckTakesRatings(m.id, m.state));
  RETURN_IF_ERROR(card_holders_->CheckHoldsCard(member_id));
  const absl::CivilDay today = today_();
  ASSIGN_OR_RETURN(bool replaced, ratings_->Rate(m.id, member_id, stars,
                                                 comment, today, edit));
  return RatingReceipt{m.id, absl::CivilMonth(today), replaced};
}

absl::StatusOr<InspectionRecord> MerchantRatings::RecordInspection(
    const auth::Principal& caller, const std::string& request_id,
    int64_t merchant_id, int score, const std::string& notes) const {
  ASSIGN_OR_RETURN(MerchantRecord m, contracts_->Managed(caller, merchant_id));
  return ratings_->RecordInspection(caller, request_id, m.id, score, notes);
}

}  // namespace unioncard::merchant
