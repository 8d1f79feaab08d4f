#ifndef UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_CONTRACT_H_
#define UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_CONTRACT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"

namespace unioncard::merchant {

// A contracted merchant's state (docs/rules.md §5.2):
// PENDING → ACTIVE ⇄ SUSPENDED → EXITED.
enum class ContractState { kPending = 1, kActive, kSuspended, kExited };

enum class ContractAction { kActivate, kSuspend, kResume, kExit };

const char* ContractStateName(ContractState state);

struct ContractChange {
  ContractState next;
  std::string reason;  // kept in the status history
};

// Decides a contract move by the owning union's staff or the city.
//  - `owner_path` is the org path of the union that signed the contract;
//    only its staff (county staff covering it) or a city admin may act.
//  - A reason is required to suspend or exit.
//  - EXIT (按约退出) needs either a standing of EXIT_PROPOSED from the
//    evaluation or an explicit reason from staff; either way it is staff
//    who confirm — the evaluation never exits a merchant by itself.
// PERMISSION_DENIED / FAILED_PRECONDITION naming the state /
// INVALID_ARGUMENT (field "reason").
absl::StatusOr<ContractChange> DecideContract(ContractState current,
                                              ContractAction action,
                                              const auth::Principal& caller,
                                              const std::string& owner_path,
                                              const std::string& reason,
                                              Standing standing);

// Whether the merchant's offers count as service items: only while the
// contract is ACTIVE (a suspended or exited merchant serves nobody).
bool OffersCount(ContractState state);

// Members rate only contracted merchants, ACTIVE or SUSPENDED (a
// suspended merchant is still judged); FAILED_PRECONDITION otherwise.
absl::Status CheckTakesRatings(int64_t merchant_id, ContractState state);

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_CONTRACT_H_
