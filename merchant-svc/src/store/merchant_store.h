#ifndef UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_STORE_H_
#define UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"
#include "merchant-svc/src/domain/merchant_contract.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"

namespace unioncard::merchant {

struct MerchantRecord {
  int64_t id = 0;
  std::string owner_org_id;  // a county id or "city"
  std::string owner_path;    // "/city/" or "/city/<county>/"
  std::string name;
  std::string licence_number;
  int category = 0;  // merchant.v1.Category
  std::vector<std::string> locations;
  std::string contact;
  std::vector<std::string> bank_merchant_ids;
  absl::CivilDay contract_from, contract_to;
  std::string terms;
  ContractState state = ContractState::kPending;
  Standing standing = Standing::kNormal;
  absl::Time created_at;
};

struct OfferRecord {
  int64_t id = 0;
  int64_t merchant_id = 0;
  std::string title;
  int kind = 0;  // merchant.v1.OfferKind
  int discount_percent = 0;
  int64_t price_fen = 0;
  int category = 0;
  absl::CivilDay valid_from, valid_to;
  std::string conditions;
  std::string merchant_name;
  std::optional<absl::CivilDay> withdrawn_on;
  // Filled by SearchOffers only: where the merchant is and its members'
  // mean rating over the last twelve months.
  std::vector<std::string> merchant_locations;
  double merchant_rating = 0;
  int merchant_ratings = 0;
};

// What a member may narrow offers by.
struct OfferSearch {
  std::string county_id;
  int category = 0;  // 0 = all
  std::string merchant_name_contains;
  absl::CivilDay day;
};

struct ServiceItemRecord {
  int64_t id = 0;
  std::string owner_org_id;
  int kind = 0;  // merchant.v1.ServiceItemKind
  std::string title;
  int category = 0;
  absl::CivilDay active_from;
  std::optional<absl::CivilDay> active_to;
  std::string how_to_use;
};

struct ServiceItemCounts {
  int64_t county_items = 0;
  int64_t city_items = 0;
  int64_t merchant_offers = 0;
};

// Merchants, their state history, offers and service items in MySQL.
class MerchantStore {
 public:
  explicit MerchantStore(db::ConnectionPool* pool) : pool_(pool) {}

  // PENDING; ALREADY_EXISTS when the licence number or a bank merchant id
  // is another merchant's. The same request_id returns the first result.
  absl::StatusOr<MerchantRecord> Create(const auth::Principal& caller,
                                        const std::string& request_id,
                                        const MerchantRecord& merchant,
                                        absl::CivilDay today);
  absl::StatusOr<MerchantRecord> Get(int64_t id);
  absl::StatusOr<std::vector<MerchantRecord>> List(
      const std::string& owner_path, std::optional<ContractState> state,
      int64_t after_id, int limit);

  using Decide =
      std::function<absl::StatusOr<ContractChange>(const MerchantRecord&)>;
  // Moves the contract by `decide` (under a row lock) and records it; an
  // exit withdraws the merchant's offers from `today`.
  absl::StatusOr<MerchantRecord> ChangeState(const auth::Principal& caller,
                                             const std::string& request_id,
                                             int64_t id, const Decide& decide,
                                             absl::CivilDay today);
  // The evaluation's standing, recorded with the figures behind it when it
  // changes.
  absl::Status SetStanding(int64_t id, Standing standing,
                           const std::string& reason, absl::CivilDay day);

  // FAILED_PRECONDITION for an exited merchant.
  absl::StatusOr<OfferRecord> CreateOffer(const auth::Principal& caller,
                                          const std::string& request_id,
                                          const OfferRecord& offer);
  // Offers in force on the day of merchants ACTIVE then, owned by the
  // county or the city, by id after `after_id`.
  absl::StatusOr<std::vector<OfferRecord>> SearchOffers(
      const OfferSearch& search, int64_t after_id, int limit);

  absl::StatusOr<ServiceItemRecord> CreateServiceItem(
      const auth::Principal& caller, const std::string& request_id,
      const ServiceItemRecord& item);
  // Items in force on `day`: registered items and offers of merchants
  // ACTIVE at the end of that day (an exit stops counting on its day).
  absl::StatusOr<ServiceItemCounts> CountServiceItems(
      const std::string& county_id, absl::CivilDay day);
  // The registered items (not offers) of the county and the city in force
  // on `day`, county's first.
  absl::StatusOr<std::vector<ServiceItemRecord>> ListServiceItems(
      const std::string& county_id, absl::CivilDay day);

  absl::StatusOr<std::optional<int64_t>> MerchantOfBankId(
      const std::string& bank_merchant_id);
  // Ids of merchants in these states, by id.
  absl::StatusOr<std::vector<int64_t>> MerchantIdsIn(
      const std::vector<ContractState>& states);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_STORE_H_
