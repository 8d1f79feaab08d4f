#include "merchant-svc/src/domain/merchant_contract.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::merchant {

const char* ContractStateName(ContractState state) {
  switch (state) {
    case ContractState::kPending:
      return "PENDING";
    case ContractState::kActive:
      return "ACTIVE";
    case ContractState::kSuspended:
      return "SUSPENDED";
    case ContractState::kExited:
      return "EXITED";
  }
  return "UNKNOWN";
}

bool OffersCount(ContractState state) {
  return state == ContractState::kActive;
}

absl::Status CheckTakesRatings(int64_t merchant_id, ContractState state) {
  if (state == ContractState::kActive || state == ContractState::kSuspended) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat("merchant ", merchant_id, " is ", ContractStateName(state),
                   "; only contracted merchants are rated"));
}

absl::StatusOr<ContractChange> DecideContract(ContractState current,
                                              ContractAction action,
                                              const auth::Principal& caller,
                                              const std::string& owner_path,
                                              const std::string& raw_reason,
                                              Standing standing) {
  const bool staff = caller.role == auth::Role::kCityAdmin ||
                     caller.role == auth::Role::kCountyStaff;
  if (!staff || !caller.Covers(owner_path)) {
    return absl::PermissionDeniedError(
        "only the staff of the union that signed the contract, or the city, "
        "may change it");
  }
  const std::string reason(absl::StripAsciiWhitespace(raw_reason));
  using S = ContractState;
  auto refuse = [&](const char* what) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the contract is ", ContractStateName(current), "; cannot ", what));
  };
  switch (action) {
    case ContractAction::kActivate:
      if (current != S::kPending) return refuse("activate it");
      return ContractChange{S::kActive, reason};
    case ContractAction::kSuspend:
      if (current != S::kActive) return refuse("suspend it");
      if (reason.empty()) {
        return status::InvalidField("reason", "is required to suspend");
      }
      return ContractChange{S::kSuspended, reason};
    case ContractAction::kResume:
      if (current != S::kSuspended) return refuse("resume it");
      return ContractChange{S::kActive, reason};
    case ContractAction::kExit:
      if (current == S::kExited) return refuse("exit again");
      if (reason.empty() && standing != Standing::kExitProposed) {
        return status::InvalidField(
            "reason",
            "is required to exit a merchant the evaluation has "
            "not proposed for exit");
      }
      return ContractChange{
          S::kExited,
          reason.empty() ? "exit proposed by the evaluation, confirmed by staff"
                         : reason};
  }
  return refuse("do that");
}

}  // namespace unioncard::merchant
