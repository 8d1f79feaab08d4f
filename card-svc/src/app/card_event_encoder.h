#ifndef UNIONCARD_CARD_SVC_SRC_APP_CARD_EVENT_ENCODER_H_
#define UNIONCARD_CARD_SVC_SRC_APP_CARD_EVENT_ENCODER_H_

#include "card-svc/src/store/card_feed_encoder.h"

namespace unioncard::card {

// card-svc's change feed as its readers (merchant-svc, assessment-svc)
// decode it: a serialized card.v1.CardEvent per change or transaction.
class CardEventEncoder final : public CardFeedEncoder {
 public:
  // The one every store of a card-svc process shares (it keeps no state).
  static const CardEventEncoder& Get();

  std::string CardChanged(const CardRecord& card, std::optional<CardState> from,
                          absl::Time at) const override;
  std::string TransactionStored(
      const StoredTransaction& transaction) const override;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_EVENT_ENCODER_H_
