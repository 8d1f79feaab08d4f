#ifndef UNIONCARD_CARD_SVC_SRC_APP_CARD_REQUESTS_H_
#define UNIONCARD_CARD_SVC_SRC_APP_CARD_REQUESTS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "card-svc/src/app/member_directory.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/store/card_store.h"

namespace unioncard::card {

// Requests a member's card: asks member-svc whether the member is eligible
// and where they belong, checks the caller may change cards there, then
// queues the card. One live card per member holds whatever member-svc says.
class CardRequests {
 public:
  CardRequests(CardStore* cards, const MemberDirectory* members,
               CardAccess access = {})
      : cards_(cards), members_(members), access_(access) {}

  // NOT_FOUND for an unknown member, PERMISSION_DENIED outside the caller's
  // unit, FAILED_PRECONDITION when not eligible, ALREADY_EXISTS with a live
  // card, UNAVAILABLE when member-svc is down.
  absl::StatusOr<CardRecord> RequestCard(const auth::Principal& caller,
                                         const std::string& request_id,
                                         int64_t member_id);

 private:
  CardStore* cards_;
  const MemberDirectory* members_;
  CardAccess access_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_REQUESTS_H_
