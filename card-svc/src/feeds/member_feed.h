#ifndef UNIONCARD_CARD_SVC_SRC_FEEDS_MEMBER_FEED_H_
#define UNIONCARD_CARD_SVC_SRC_FEEDS_MEMBER_FEED_H_

#include "absl/status/status.h"
#include "card-svc/src/store/card_store.h"
#include "common/auth/principal.h"
#include "member/v1/member.pb.h"

namespace unioncard::card {

// What card-svc does with member-svc's change feed (docs/architecture.md
// §6, docs/rules.md §4.7):
//   membership ended → the live card is cancelled (and the bank told, by
//                      the order queued with the cancellation);
//   transferred      → the live card follows to the new union and county;
//   everything else  → nothing (eligibility is asked of member-svc when a
//                      card is requested).
// Idempotent: each change uses "member-feed:<sequence>" as its request id,
// so a re-delivered event changes nothing twice.
absl::Status HandleMemberEvent(CardStore& cards, const auth::Principal& service,
                               const member::v1::MemberEvent& event);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_FEEDS_MEMBER_FEED_H_
