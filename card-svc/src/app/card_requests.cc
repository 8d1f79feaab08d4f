#include "card-svc/src/app/card_requests.h"

#include "card-svc/src/domain/eligibility.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<CardRecord> CardRequests::RequestCard(
    const auth::Principal& caller, const std::string& request_id,
    int64_t member_id) {
  ASSIGN_OR_RETURN(member::v1::Member member, members_->GetMember(member_id));
  RETURN_IF_ERROR(access_.CheckChange(
      caller, CardOrgPath(member.county_id(), member.org_id())));
  RETURN_IF_ERROR(CheckCardEligibility(ApplicantOf(member)));
  return cards_->Request(caller, request_id, member.id(), member.county_id(),
                         member.org_id());
}

}  // namespace unioncard::card
