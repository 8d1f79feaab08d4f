#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_CARD_FEED_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_CARD_FEED_H_

#include "absl/status/status.h"
#include "card/v1/card_events.pb.h"
#include "merchant-svc/src/store/merchant_store.h"
#include "merchant-svc/src/store/usage_store.h"

namespace unioncard::merchant {

// What merchant-svc takes from card-svc's change feed: transactions at a
// contracted merchant's bank ids, kept once each for the usage figures.
// Card changes and transactions elsewhere are passed.
absl::Status HandleCardEvent(MerchantStore& merchants, UsageStore& usage,
                             const card::v1::CardEvent& event);

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_CARD_FEED_H_
