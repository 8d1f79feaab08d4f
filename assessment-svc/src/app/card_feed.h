#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_CARD_FEED_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_CARD_FEED_H_

#include "absl/status/status.h"
#include "assessment-svc/src/store/progress_store.h"
#include "card/v1/card_events.pb.h"

namespace unioncard::assessment {

// What assessment-svc takes from card-svc's feed, on the bank's days:
//   SUBMITTED → ISSUED     a card issued (where it was issued);
//   ISSUED → ACTIVATED     an activation (not an unfreeze);
//   → CANCELLED/REPLACED   the card stops being live.
// Everything else (requests, freezes, transactions) is passed.
absl::Status HandleCardEvent(ProgressStore& progress,
                             const card::v1::CardEvent& event);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_CARD_FEED_H_
