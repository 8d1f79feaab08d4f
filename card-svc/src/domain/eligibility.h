#ifndef UNIONCARD_CARD_SVC_SRC_DOMAIN_ELIGIBILITY_H_
#define UNIONCARD_CARD_SVC_SRC_DOMAIN_ELIGIBILITY_H_

#include "absl/status/status.h"
#include "member/v1/member.pb.h"

namespace unioncard::card {

// docs/rules.md §4.1: only a CITY_APPROVED member with active membership may
// get a card. FAILED_PRECONDITION saying which condition fails.
absl::Status CheckCardEligibility(const member::v1::Member& member);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_DOMAIN_ELIGIBILITY_H_
