#ifndef UNIONCARD_MERCHANT_SVC_SRC_API_MERCHANT_CODECS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_API_MERCHANT_CODECS_H_

#include "common/codec/enum_codec.h"
#include "merchant-svc/src/domain/merchant_contract.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"
#include "merchant/v1/merchant.pb.h"

namespace unioncard::merchant {

// The domain's enums as merchant.v1 names them (docs/architecture.md §2.2;
// the store has its own tables for the database).

inline constexpr auto kMerchantStateApi =
    codec::MakeEnumCodec<ContractState, v1::MerchantState>(
        "merchant state",
        {{ContractState::kPending, v1::MERCHANT_STATE_PENDING},
         {ContractState::kActive, v1::MERCHANT_STATE_ACTIVE},
         {ContractState::kSuspended, v1::MERCHANT_STATE_SUSPENDED},
         {ContractState::kExited, v1::MERCHANT_STATE_EXITED}});
static_assert(kMerchantStateApi.CoversRange(ContractState::kPending,
                                            ContractState::kExited));

inline constexpr auto kStandingApi =
    codec::MakeEnumCodec<Standing, v1::Standing>(
        "standing", {{Standing::kNormal, v1::STANDING_NORMAL},
                     {Standing::kFeatured, v1::STANDING_FEATURED},
                     {Standing::kWarning, v1::STANDING_WARNING},
                     {Standing::kExitProposed, v1::STANDING_EXIT_PROPOSED}});
static_assert(kStandingApi.CoversRange(Standing::kNormal,
                                       Standing::kExitProposed));

inline constexpr auto kContractActionApi =
    codec::MakeEnumCodec<ContractAction, v1::ContractAction>(
        "contract action",
        {{ContractAction::kActivate, v1::CONTRACT_ACTION_ACTIVATE},
         {ContractAction::kSuspend, v1::CONTRACT_ACTION_SUSPEND},
         {ContractAction::kResume, v1::CONTRACT_ACTION_RESUME},
         {ContractAction::kExit, v1::CONTRACT_ACTION_EXIT}});
static_assert(kContractActionApi.CoversRange(ContractAction::kActivate,
                                             ContractAction::kExit));

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_API_MERCHANT_CODECS_H_
