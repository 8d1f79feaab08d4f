#ifndef UNIONCARD_CARD_SVC_SRC_APP_CARD_API_CODECS_H_
#define UNIONCARD_CARD_SVC_SRC_APP_CARD_API_CODECS_H_

#include "card-svc/src/domain/card_lifecycle.h"
#include "card-svc/src/store/payout_store.h"
#include "card/v1/card_events.pb.h"
#include "card/v1/payouts.pb.h"
#include "common/codec/enum_codec.h"

namespace unioncard::card {

// The domain's enums as card.v1 names them, for the API and the change
// feed's payloads (docs/architecture.md §2.2; the store has its own tables
// for the database).

inline constexpr auto kCardStateApi =
    codec::MakeEnumCodec<CardState, v1::CardState>(
        "card state", {{CardState::kRequested, v1::CARD_STATE_REQUESTED},
                       {CardState::kSubmitted, v1::CARD_STATE_SUBMITTED},
                       {CardState::kIssued, v1::CARD_STATE_ISSUED},
                       {CardState::kActivated, v1::CARD_STATE_ACTIVATED},
                       {CardState::kRejected, v1::CARD_STATE_REJECTED},
                       {CardState::kFrozen, v1::CARD_STATE_FROZEN},
                       {CardState::kLost, v1::CARD_STATE_LOST},
                       {CardState::kReplaced, v1::CARD_STATE_REPLACED},
                       {CardState::kCancelled, v1::CARD_STATE_CANCELLED}});
static_assert(kCardStateApi.CoversRange(CardState::kRequested,
                                        CardState::kCancelled));

inline constexpr auto kPayoutBatchStateApi =
    codec::MakeEnumCodec<PayoutBatchState, v1::PayoutBatchState>(
        "payout batch state",
        {{PayoutBatchState::kAwaitingApproval,
          v1::PAYOUT_BATCH_STATE_AWAITING_APPROVAL},
         {PayoutBatchState::kApproved, v1::PAYOUT_BATCH_STATE_APPROVED},
         {PayoutBatchState::kDeclined, v1::PAYOUT_BATCH_STATE_DECLINED}});
static_assert(kPayoutBatchStateApi.CoversRange(
    PayoutBatchState::kAwaitingApproval, PayoutBatchState::kDeclined));

inline constexpr auto kPayoutItemStateApi =
    codec::MakeEnumCodec<PayoutItemState, v1::PayoutItemState>(
        "payout item state",
        {{PayoutItemState::kAwaiting, v1::PAYOUT_ITEM_STATE_AWAITING},
         {PayoutItemState::kQueued, v1::PAYOUT_ITEM_STATE_QUEUED},
         {PayoutItemState::kAtBank, v1::PAYOUT_ITEM_STATE_AT_BANK},
         {PayoutItemState::kPaid, v1::PAYOUT_ITEM_STATE_PAID},
         {PayoutItemState::kFailed, v1::PAYOUT_ITEM_STATE_FAILED},
         {PayoutItemState::kWithdrawn, v1::PAYOUT_ITEM_STATE_WITHDRAWN}});
static_assert(kPayoutItemStateApi.CoversRange(PayoutItemState::kAwaiting,
                                              PayoutItemState::kWithdrawn));

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_API_CODECS_H_
