#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_SERVICE_CATALOGUE_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_SERVICE_CATALOGUE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "merchant-svc/src/app/merchant_contracts.h"
#include "merchant-svc/src/domain/merchant_access.h"
#include "merchant-svc/src/store/merchant_store.h"

namespace unioncard::merchant {

// What the union offers its members on the card (docs/rules.md §5.3–§5.4):
// merchants' offers and the unions' own service items. Staff of the owner
// register them; members and staff read them; the assessment counts them.
class ServiceCatalogue {
 public:
  ServiceCatalogue(MerchantStore* merchants, const MerchantContracts* contracts,
                   std::function<absl::CivilDay()> today,
                   MerchantAccess access = {})
      : merchants_(merchants),
        contracts_(contracts),
        today_(std::move(today)),
        access_(access) {}

  // An offer of a merchant the caller manages.
  absl::StatusOr<OfferRecord> CreateOffer(const auth::Principal& caller,
                                          const std::string& request_id,
                                          const OfferRecord& offer) const;

  // Offers in force on `day` (none: today) in the search's county, by id
  // above `after_id`, at most `limit`.
  absl::StatusOr<std::vector<OfferRecord>> SearchOffers(
      const auth::Principal& caller, OfferSearch search,
      std::optional<absl::CivilDay> day, int64_t after_id, int limit) const;

  // A service item of the union `item.owner_org_id`, whose staff the
  // caller must be.
  absl::StatusOr<ServiceItemRecord> CreateServiceItem(
      const auth::Principal& caller, const std::string& request_id,
      const ServiceItemRecord& item) const;

  // The items in force in the county on `day`, for the assessment.
  absl::StatusOr<ServiceItemCounts> CountServiceItems(
      const auth::Principal& caller, const std::string& county_id,
      absl::CivilDay day) const;

  // The county's and the city's items in force on `day` (none: today).
  absl::StatusOr<std::vector<ServiceItemRecord>> ListServiceItems(
      const auth::Principal& caller, const std::string& county_id,
      std::optional<absl::CivilDay> day) const;

 private:
  MerchantStore* merchants_;
  const MerchantContracts* contracts_;
  std::function<absl::CivilDay()> today_;
  MerchantAccess access_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_SERVICE_CATALOGUE_H_
