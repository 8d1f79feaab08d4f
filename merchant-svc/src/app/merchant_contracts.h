#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_CONTRACTS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_CONTRACTS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "merchant-svc/src/domain/merchant_access.h"
#include "merchant-svc/src/domain/merchant_contract.h"
#include "merchant-svc/src/store/merchant_store.h"

namespace unioncard::merchant {

// The merchants' contracts (docs/rules.md §5.1–§5.2): who may sign, read,
// list and move them, and the store's transaction around each change.
class MerchantContracts {
 public:
  MerchantContracts(MerchantStore* merchants,
                    std::function<absl::CivilDay()> today,
                    MerchantAccess access = {})
      : merchants_(merchants), today_(std::move(today)), access_(access) {}

  // Signs `merchant` (PENDING) for its `owner_org_id`, whose staff the
  // caller must be.
  absl::StatusOr<MerchantRecord> Create(const auth::Principal& caller,
                                        const std::string& request_id,
                                        MerchantRecord merchant) const;

  // The merchant, when the caller may read it.
  absl::StatusOr<MerchantRecord> Get(const auth::Principal& caller,
                                     int64_t merchant_id) const;

  // Merchants owned at or under `owner_org_id` ("": the caller's unit), by
  // id above `after_id`, at most `limit`.
  absl::StatusOr<std::vector<MerchantRecord>> List(
      const auth::Principal& caller, const std::string& owner_org_id,
      std::optional<ContractState> state, int64_t after_id, int limit) const;

  // Moves the contract as the domain decides for this caller.
  absl::StatusOr<MerchantRecord> ChangeState(const auth::Principal& caller,
                                             const std::string& request_id,
                                             int64_t merchant_id,
                                             ContractAction action,
                                             const std::string& reason) const;

  // The merchant, when the caller may manage it (offers, inspections).
  absl::StatusOr<MerchantRecord> Managed(const auth::Principal& caller,
                                         int64_t merchant_id) const;

 private:
  MerchantStore* merchants_;
  std::function<absl::CivilDay()> today_;
  MerchantAccess access_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_MERCHANT_CONTRACTS_H_
