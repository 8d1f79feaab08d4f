#ifndef UNIONCARD_CARD_SVC_SRC_DOMAIN_ELIGIBILITY_H_
#define UNIONCARD_CARD_SVC_SRC_DOMAIN_ELIGIBILITY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace unioncard::card {

// What card-svc needs to know of a member before giving them a card, as
// member-svc says it (the app layer translates member-svc's answer:
// MemberDirectory's ApplicantOf).
struct CardApplicant {
  int64_t member_id = 0;
  bool active = false;         // a member now, not one who has left
  bool city_approved = false;  // real name approved by the city
  std::string review_state;    // member-svc's name for it, for the message
};

// docs/rules.md §4.1: only a CITY_APPROVED member with active membership may
// get a card. FAILED_PRECONDITION saying which condition fails.
absl::Status CheckCardEligibility(const CardApplicant& applicant);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_DOMAIN_ELIGIBILITY_H_
