#ifndef UNIONCARD_CARD_SVC_SRC_DOMAIN_CARD_ACCESS_H_
#define UNIONCARD_CARD_SVC_SRC_DOMAIN_CARD_ACCESS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "common/auth/principal.h"

namespace unioncard::card {

// "/city/<county>/<union>/": where a card sits in the org tree, from the
// ids card-svc stores with it (a member always belongs to a grassroots
// union under a county).
std::string CardOrgPath(const std::string& county_id,
                        const std::string& org_id);

// Who may do what with cards (docs/rules.md §4.9). Every check is a role
// plus the org scope; PERMISSION_DENIED says which of the two failed.
class CardAccess {
 public:
  // Cards, their history, batches: staff of the unit and above, assessors,
  // auditors, services; a member their own cards.
  absl::Status CheckRead(const auth::Principal& caller,
                         const std::string& org_path,
                         int64_t member_id = 0) const;
  // Request, freeze, unfreeze, report lost, cancel, replace: staff.
  absl::Status CheckChange(const auth::Principal& caller,
                           const std::string& org_path) const;
  // A member reporting their own card lost (self-service), or staff.
  absl::Status CheckReportLost(const auth::Principal& caller,
                               const std::string& org_path,
                               int64_t member_id) const;
  // Issuance batches: the city and the county unions (分批集中办理).
  absl::Status CheckIssueBatch(const auth::Principal& caller,
                               const std::string& org_path) const;
  // Statistics of the counties under the caller's unit.
  absl::Status CheckStatistics(const auth::Principal& caller) const;
  // Payout batches: made and checked (by another person) by city or
  // county staff; the items' cards must lie in the unit.
  absl::Status CheckPayoutMaker(const auth::Principal& caller) const;
  absl::Status CheckPayoutChecker(const auth::Principal& caller,
                                  const std::string& batch_org_path) const;
  // A day's reconciliation with the bank: city-wide roles.
  absl::Status CheckReconcile(const auth::Principal& caller) const;
  // The insurer's monthly roster: city-wide roles only.
  absl::Status CheckInsuranceRoster(const auth::Principal& caller) const;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_DOMAIN_CARD_ACCESS_H_
