#include "card-svc/src/domain/eligibility.h"

#include "absl/strings/str_cat.h"

namespace unioncard::card {

absl::Status CheckCardEligibility(const CardApplicant& applicant) {
  if (!applicant.active) {
    return absl::FailedPreconditionError(absl::StrCat(
        "member ", applicant.member_id, " has left the union; no card"));
  }
  if (!applicant.city_approved) {
    return absl::FailedPreconditionError(absl::StrCat(
        "member ", applicant.member_id, " is ", applicant.review_state,
        "; only CITY_APPROVED members may get a card"));
  }
  return absl::OkStatus();
}

}  // namespace unioncard::card
