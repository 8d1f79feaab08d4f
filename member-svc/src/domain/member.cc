#include "member-svc/src/domain/member.h"

namespace unioncard::member {

const char* ReviewStateName(ReviewState state) {
  switch (state) {
    case ReviewState::kCollected:
      return "COLLECTED";
    case ReviewState::kCountyVerified:
      return "COUNTY_VERIFIED";
    case ReviewState::kCityApproved:
      return "CITY_APPROVED";
    case ReviewState::kReturned:
      return "RETURNED";
    case ReviewState::kRejected:
      return "REJECTED";
  }
  return "UNKNOWN";
}

const char* EndReasonName(EndReason reason) {
  switch (reason) {
    case EndReason::kLeft:
      return "LEFT";
    case EndReason::kRetired:
      return "RETIRED";
    case EndReason::kDeceased:
      return "DECEASED";
    case EndReason::kOther:
      return "OTHER";
  }
  return "UNKNOWN";
}

}  // namespace unioncard::member
