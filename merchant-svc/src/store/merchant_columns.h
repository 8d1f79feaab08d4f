#ifndef UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_COLUMNS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_COLUMNS_H_

#include "common/codec/enum_codec.h"
#include "merchant-svc/src/domain/merchant_contract.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"

namespace unioncard::merchant {

// How merchant-svc's tables store its enums (store-internal;
// docs/architecture.md §2.2). The numbers are in rows already written:
// change a pair only with a migration.

// merchants.state, merchant_history.to_value/from_value of kind "state".
inline constexpr auto kContractStateColumn =
    codec::MakeEnumCodec<ContractState, int>("contract state",
                                             {{ContractState::kPending, 1},
                                              {ContractState::kActive, 2},
                                              {ContractState::kSuspended, 3},
                                              {ContractState::kExited, 4}});
static_assert(kContractStateColumn.CoversRange(ContractState::kPending,
                                               ContractState::kExited));

// merchants.standing, merchant_evaluations.standing, merchant_history of
// kind "standing".
inline constexpr auto kStandingColumn = codec::MakeEnumCodec<Standing, int>(
    "standing", {{Standing::kNormal, 1},
                 {Standing::kFeatured, 2},
                 {Standing::kWarning, 3},
                 {Standing::kExitProposed, 4}});
static_assert(kStandingColumn.CoversRange(Standing::kNormal,
                                          Standing::kExitProposed));

// merchant_history.kind: what a history row records.
enum class HistoryKind { kState = 1, kStanding };
inline constexpr auto kHistoryKindColumn =
    codec::MakeEnumCodec<HistoryKind, int>(
        "merchant history kind",
        {{HistoryKind::kState, 1}, {HistoryKind::kStanding, 2}});
static_assert(kHistoryKindColumn.CoversRange(HistoryKind::kState,
                                             HistoryKind::kStanding));

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_COLUMNS_H_
