#include "card-svc/src/app/org_scope.h"

#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<member::v1::OrgUnit> ReadableUnit(const MemberDirectory& members,
                                                 const CardAccess& access,
                                                 const auth::Principal& caller,
                                                 const std::string& org_id) {
  ASSIGN_OR_RETURN(member::v1::OrgUnit unit,
                   members.GetOrgUnit(org_id.empty() ? caller.org_id : org_id));
  RETURN_IF_ERROR(access.CheckRead(caller, unit.path()));
  return unit;
}

absl::StatusOr<CardScope> ReadableCardScope(const MemberDirectory& members,
                                            const CardAccess& access,
                                            const auth::Principal& caller,
                                            const std::string& org_id) {
  ASSIGN_OR_RETURN(member::v1::OrgUnit unit,
                   ReadableUnit(members, access, caller, org_id));
  CardScope scope;
  if (unit.level() == member::v1::ORG_LEVEL_COUNTY) {
    scope.county_id = unit.id();
  } else if (unit.level() == member::v1::ORG_LEVEL_GRASSROOTS) {
    scope.county_id = unit.county_id();
    scope.org_id = unit.id();
  }
  return scope;
}

}  // namespace unioncard::card
