#include "card-svc/src/domain/eligibility.h"

#include "absl/strings/str_cat.h"

namespace unioncard::card {

absl::Status CheckCardEligibility(const member::v1::Member& member) {
  if (member.membership_status() != member::v1::ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat("member ", member.id(), " has left the union; no card"));
  }
  if (member.review_state() != member::v1::CITY_APPROVED) {
    return absl::FailedPreconditionError(
        absl::StrCat("member ", member.id(), " is ",
                     member::v1::ReviewState_Name(member.review_state()),
                     "; only CITY_APPROVED members may get a card"));
  }
  return absl::OkStatus();
}

}  // namespace unioncard::card
