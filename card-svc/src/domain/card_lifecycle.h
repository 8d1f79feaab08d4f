#ifndef UNIONCARD_CARD_SVC_SRC_DOMAIN_CARD_LIFECYCLE_H_
#define UNIONCARD_CARD_SVC_SRC_DOMAIN_CARD_LIFECYCLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace unioncard::card {

// docs/rules.md §4.3: REQUESTED → SUBMITTED → ISSUED → ACTIVATED, and the side
// roads. Numbering is for storage and the future card/v1 proto.
enum class CardState {
  kRequested = 1,  // eligible member queued for a batch
  kSubmitted = 2,  // sent to the bank in a batch
  kIssued = 3,     // the bank made it (token, last 4, expiry known)
  kActivated = 4,
  kRejected = 5,   // the bank refused; the member may be requested again
  kFrozen = 6,     // suspended; unfreezing returns to the state before
  kLost = 7,       // reported lost; a replacement is to be requested
  kReplaced = 8,   // the lost card, once its replacement is requested
  kCancelled = 9,  // membership ended or the member asked
};

// Why a card moves.
enum class CardEvent {
  // Stored (bank_card_orders.event): keep the numbers.
  kSubmit = 0,         // batch sent to the bank
  kBankIssued = 1,     // notification: issued
  kBankRejected = 2,   // notification: rejected
  kBankActivated = 3,  // notification: activated
  kFreeze = 4,
  kUnfreeze = 5,
  kReportLost = 6,
  kReplacementOrdered = 7,  // the old card becomes REPLACED
  kCancel = 8,
};

const char* CardStateName(CardState state);
const char* CardEventName(CardEvent event);

// A card "lives" from its request until it is rejected, replaced or
// cancelled; a member has at most one live card (the store enforces it with
// a unique key as well).
bool IsLive(CardState state);

// The card as far as the lifecycle cares.
struct CardLifecycleState {
  CardState state = CardState::kRequested;
  // Where FROZEN returns to (ISSUED or ACTIVATED).
  CardState before_freeze = CardState::kIssued;
};

// What a legal event does to a card. Bank notifications may arrive twice or
// ahead of their turn; those are outcomes, not errors.
struct CardTransition {
  enum class Outcome {
    kMoved,    // `next` is the card's new state
    kAlready,  // the card is already there: a duplicate, nothing to do
    kEarly,    // ahead of its turn (ACTIVATED before ISSUED): the bank is to
               // send it again later
  };
  Outcome outcome = Outcome::kMoved;
  CardLifecycleState next;  // the state after the event (the same unless
                            // kMoved)
  std::string why;          // for kAlready and kEarly, to log or answer
};

// The transition `event` makes, or FAILED_PRECONDITION naming both the
// state and the event ("card is ACTIVATED; cannot bank-issued") when the
// rules do not allow it.
absl::StatusOr<CardTransition> ApplyCardEvent(const CardLifecycleState& current,
                                              CardEvent event);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_DOMAIN_CARD_LIFECYCLE_H_
