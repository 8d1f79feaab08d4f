#ifndef UNIONCARD_CARD_SVC_SRC_APP_ORG_SCOPE_H_
#define UNIONCARD_CARD_SVC_SRC_APP_ORG_SCOPE_H_

#include <string>

#include "absl/status/statusor.h"
#include "card-svc/src/app/member_directory.h"
#include "card-svc/src/domain/card_access.h"
#include "common/auth/principal.h"

namespace unioncard::card {

// The org unit a list is about ("": the caller's own), as member-svc
// knows it, checked against what the caller may read.
absl::StatusOr<member::v1::OrgUnit> ReadableUnit(const MemberDirectory& members,
                                                 const CardAccess& access,
                                                 const auth::Principal& caller,
                                                 const std::string& org_id);

// The same unit in the words of card-svc's filters: the county and union
// ids the cards carry, empty for "all" (the city: both empty; a county:
// the union empty).
struct CardScope {
  std::string county_id;
  std::string org_id;
};
absl::StatusOr<CardScope> ReadableCardScope(const MemberDirectory& members,
                                            const CardAccess& access,
                                            const auth::Principal& caller,
                                            const std::string& org_id);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_ORG_SCOPE_H_
