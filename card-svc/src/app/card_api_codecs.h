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
        "card state", {{CardState::kRequested, v1::REQUESTED},
                       {CardState::kSubmitted, v1::SUBMITTED},
                       {CardState::kIssued, v1::ISSUED},
                       {CardState::kActivated, v1::ACTIVATED},
                       {CardState::kRejected, v1::REJECTED},
                       {CardState::kFrozen, v1::FROZEN},
                       {CardState::kLost, v1::LOST},
                       {CardState::kReplaced, v1::REPLACED},
                       {CardState::kCancelled, v1::CANCELLED}});
static_assert(kCardStateApi.CoversRange(CardState::kRequested,
                                        CardState::kCancelled));

inline constexpr auto kPayoutBatchStateApi =
    codec::MakeEnumCodec<PayoutBatchState, v1::PayoutBatchState>(
        "payout batch state",
        {{PayoutBatchState::kAwaitingApproval, v1::AWAITING_APPROVAL},
         {PayoutBatchState::kApproved, v1::APPROVED},
         {PayoutBatchState::kDeclined, v1::DECLINED}});
static_assert(kPayoutBatchStateApi.CoversRange(
    PayoutBatchState::kAwaitingApproval, PayoutBatchState::kDeclined));

inline constexpr auto kPayoutItemStateApi =
    codec::MakeEnumCodec<PayoutItemState, v1::PayoutItemState>(
        "payout item state",
        {{PayoutItemState::kAwaiting, v1::PAYOUT_AWAITING},
         {PayoutItemState::kQueued, v1::PAYOUT_QUEUED},
         {PayoutItemState::kAtBank, v1::PAYOUT_AT_BANK},
         {PayoutItemState::kPaid, v1::PAYOUT_PAID},
         {PayoutItemState::kFailed, v1::PAYOUT_FAILED},
         {PayoutItemState::kWithdrawn, v1::PAYOUT_WITHDRAWN}});
static_assert(kPayoutItemStateApi.CoversRange(PayoutItemState::kAwaiting,
                                              PayoutItemState::kWithdrawn));

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_API_CODECS_H_
