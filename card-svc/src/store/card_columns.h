#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_COLUMNS_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_COLUMNS_H_

#include "card-svc/src/domain/card_lifecycle.h"
#include "card-svc/src/store/issuance_batch_store.h"
#include "card-svc/src/store/payout_store.h"
#include "common/codec/enum_codec.h"

namespace unioncard::card {

// How card-svc's tables store its enums (store-internal;
// docs/architecture.md §2.2). The numbers are in rows already written and
// in a migration (`cards.live_member_id`): change a pair only with a
// migration.

// cards.state and .before_freeze, card_history.from_state/to_state, the
// outbox kind of card events.
inline constexpr auto kCardStateColumn = codec::MakeEnumCodec<CardState, int>(
    "card state", {{CardState::kRequested, 1},
                   {CardState::kSubmitted, 2},
                   {CardState::kIssued, 3},
                   {CardState::kActivated, 4},
                   {CardState::kRejected, 5},
                   {CardState::kFrozen, 6},
                   {CardState::kLost, 7},
                   {CardState::kReplaced, 8},
                   {CardState::kCancelled, 9}});
static_assert(kCardStateColumn.CoversRange(CardState::kRequested,
                                           CardState::kCancelled));

// card_events.type of a transaction; a card change's type is its state.
inline constexpr int kTransactionEventType = 100;

// bank_orders.event: the card events the bank must hear of.
inline constexpr auto kCardEventColumn = codec::MakeEnumCodec<CardEvent, int>(
    "card event", {{CardEvent::kSubmit, 0},
                   {CardEvent::kBankIssued, 1},
                   {CardEvent::kBankRejected, 2},
                   {CardEvent::kBankActivated, 3},
                   {CardEvent::kFreeze, 4},
                   {CardEvent::kUnfreeze, 5},
                   {CardEvent::kReportLost, 6},
                   {CardEvent::kReplacementOrdered, 7},
                   {CardEvent::kCancel, 8}});
static_assert(kCardEventColumn.CoversRange(CardEvent::kSubmit,
                                           CardEvent::kCancel));

// issuance_batches.state.
inline constexpr auto kBatchStateColumn = codec::MakeEnumCodec<BatchState, int>(
    "issuance batch state", {{BatchState::kFilling, 1},
                             {BatchState::kQueued, 2},
                             {BatchState::kSent, 3}});
static_assert(kBatchStateColumn.CoversRange(BatchState::kFilling,
                                            BatchState::kSent));

// payout_batches.state and payout_items.state.
inline constexpr auto kPayoutBatchStateColumn =
    codec::MakeEnumCodec<PayoutBatchState, int>(
        "payout batch state", {{PayoutBatchState::kAwaitingApproval, 1},
                               {PayoutBatchState::kApproved, 2},
                               {PayoutBatchState::kDeclined, 3}});
static_assert(kPayoutBatchStateColumn.CoversRange(
    PayoutBatchState::kAwaitingApproval, PayoutBatchState::kDeclined));
inline constexpr auto kPayoutItemStateColumn =
    codec::MakeEnumCodec<PayoutItemState, int>(
        "payout item state", {{PayoutItemState::kAwaiting, 1},
                              {PayoutItemState::kQueued, 2},
                              {PayoutItemState::kAtBank, 3},
                              {PayoutItemState::kPaid, 4},
                              {PayoutItemState::kFailed, 5},
                              {PayoutItemState::kWithdrawn, 6}});
static_assert(kPayoutItemStateColumn.CoversRange(PayoutItemState::kAwaiting,
                                                 PayoutItemState::kWithdrawn));

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_COLUMNS_H_
