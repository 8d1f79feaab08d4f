#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_FEED_ENCODER_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_FEED_ENCODER_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "card-svc/src/domain/card_lifecycle.h"

namespace unioncard::card {

struct CardRecord;
struct StoredTransaction;

// The payload of an event on card-svc's change feed. The stores decide when
// an event is written (in the same transaction as the change); the encoder,
// given to them by the service, decides its wire form (card.v1.CardEvent),
// so that stores know rows and domain types, not protos
// (docs/architecture.md §2).
class CardFeedEncoder {
 public:
  virtual ~CardFeedEncoder() = default;
  // `card` as it is after the change; `from` its state before (none for a
  // new card).
  virtual std::string CardChanged(const CardRecord& card,
                                  std::optional<CardState> from,
                                  absl::Time at) const = 0;
  virtual std::string TransactionStored(
      const StoredTransaction& transaction) const = 0;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_FEED_ENCODER_H_
