#ifndef UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_ACCESS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "common/auth/principal.h"

namespace unioncard::merchant {

// "/city/" for the city's merchants and items, "/city/<county>/" for a
// county's.
std::string OwnerPath(const std::string& owner_org_id);

// Who may do what with merchants (docs/rules.md §5.12: county staff manage
// merchants and service items; the city everything).
class MerchantAccess {
 public:
  // Contracts, offers, items, inspections of the owner's merchants.
  absl::Status CheckManage(const auth::Principal& caller,
                           const std::string& owner_path) const;
  // Staff of the owner and above, staff of units below the owner (a
  // grassroots union sees its county's merchants), assessors, auditors,
  // services.
  absl::Status CheckRead(const auth::Principal& caller,
                         const std::string& owner_path) const;
  // List the merchants owned anywhere under `owner_path`.
  absl::Status CheckList(const auth::Principal& caller,
                         const std::string& owner_path) const;
  // The count the assessment uses: city-wide roles, or the county's staff.
  absl::Status CheckCount(const auth::Principal& caller,
                          const std::string& county_path) const;
  // Running the evaluation: the city or a service (the daily job).
  absl::Status CheckEvaluate(const auth::Principal& caller) const;
  // Offers and service items are public to the union's members and staff
  // (not to the partner bank, which never uses the union's lists).
  absl::Status CheckReadOffers(const auth::Principal& caller) const;
  // Rating: members themselves.
  absl::Status CheckRate(const auth::Principal& caller) const;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_ACCESS_H_
