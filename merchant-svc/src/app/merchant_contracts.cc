#include "merchant-svc/src/app/merchant_contracts.h"

#include "common/status/macros.h"

namespace unioncard::merchant {

absl::StatusOr<MerchantRecord> MerchantContracts::Create(
    const auth::Principal& caller, const std::string& request_id,
    MerchantRecord merchant) const {
  merchant.owner_path = OwnerPath(merchant.owner_org_id);
  RETURN_IF_ERROR(access_.CheckManage(caller, merchant.owner_path));
  return merchants_->Create(caller, request_id, merchant, today_());
}

absl::StatusOr<MerchantRecord> MerchantContracts::Get(
    const auth::Principal& caller, int64_t merchant_id) const {
  ASSIGN_OR_RETURN(MerchantRecord m, merchants_->Get(merchant_id));
  RETURN_IF_ERROR(access_.CheckRead(caller, m.owner_path));
  return m;
}

absl::StatusOr<std::vector<MerchantRecord>> MerchantContracts::List(
    const auth::Principal& caller, const std::string& owner_org_id,
    std::optional<ContractState> state, int64_t after_id, int limit) const {
  const std::string path =
      owner_org_id.empty() ? caller.org_path : OwnerPath(owner_org_id);
  RETURN_IF_ERROR(access_.CheckList(caller, path));
  return merchants_->List(path, state, after_id, limit);
}

absl::StatusOr<MerchantRecord> MerchantContracts::ChangeState(
    const auth::Principal& caller, const std::string& request_id,
    int64_t merchant_id, ContractAction action,
    const std::string& reason) const {
  // Who may move the contract depends on its owner, read under the lock,
  // so the domain decides it there.
  return merchants_->ChangeState(
      caller, request_id, merchant_id,
      [&](const MerchantRecord& m) {
        return DecideContract(m.state, action, caller, m.owner_path, reason,
                              m.standing);
      },
      today_());
}

absl::StatusOr<MerchantRecord> MerchantContracts::Managed(
    const auth::Principal& caller, int64_t merchant_id) const {
  ASSIGN_OR_RETURN(MerchantRecord m, merchants_->Get(merchant_id));
  RETURN_IF_ERROR(access_.CheckManage(caller, m.owner_path));
  return m;
}

}  // namespace unioncard::merchant
