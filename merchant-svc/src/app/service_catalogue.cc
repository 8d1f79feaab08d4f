#include "merchant-svc/src/app/service_catalogue.h"

#include "common/status/macros.h"

namespace unioncard::merchant {

absl::StatusOr<OfferRecord> ServiceCatalogue::CreateOffer(
    const auth::Principal& caller, const std::string& request_id,
    const OfferRecord& offer) const {
  RETURN_IF_ERROR(contracts_->Managed(caller, offer.merchant_id).status());
  return merchants_->CreateOffer(caller, request_id, offer);
}

absl::StatusOr<std::vector<OfferRecord>> ServiceCatalogue::SearchOffers(
    const auth::Principal& caller, OfferSearch search,
    std::optional<absl::CivilDay> day, int64_t after_id, int limit) const {
  RETURN_IF_ERROR(access_.CheckReadOffers(caller));
  search.day = day.value_or(today_());
  return merchants_->SearchOffers(search, after_id, limit);
}

absl::StatusOr<ServiceItemRecord> ServiceCatalogue::CreateServiceItem(
    const auth::Principal& caller, const std::string& request_id,
    const ServiceItemRecord& item) const {
  RETURN_IF_ERROR(access_.CheckManage(caller, OwnerPath(item.owner_org_id)));
  return merchants_->CreateServiceItem(caller, request_id, item);
}

absl::StatusOr<ServiceItemCounts> ServiceCatalogue::CountServiceItems(
    const auth::Principal& caller, const std::string& county_id,
    absl::CivilDay day) const {
  RETURN_IF_ERROR(access_.CheckCount(caller, OwnerPath(county_id)));
  return merchants_->CountServiceItems(county_id, day);
}

absl::StatusOr<std::vector<ServiceItemRecord>>
ServiceCatalogue::ListServiceItems(const auth::Principal& caller,
                                   const std::string& county_id,
                                   std::optional<absl::CivilDay> day) const {
  RETURN_IF_ERROR(access_.CheckReadOffers(caller));
  return merchants_->ListServiceItems(county_id, day.value_or(today_()));
}

}  // namespace unioncard::merchant
