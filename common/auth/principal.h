#ifndef UNIONCARD_COMMON_AUTH_PRINCIPAL_H_
#define UNIONCARD_COMMON_AUTH_PRINCIPAL_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace unioncard::auth {

// The roles of docs/rules.md §2.3 (kService: service-to-service calls).
enum class Role {
  kUnspecified = 0,
  kCityAdmin,
  kCountyStaff,
  kGrassrootsStaff,
  kAssessor,
  kAuditor,
  kPartnerBank,
  kMember,
  kService,
};

// "city_admin", "county_staff", … — the spelling used in tokens and flags.
absl::string_view RoleName(Role role);
// "an assessor account", "a county_staff account": for refusals.
std::string AccountOf(Role role);
absl::StatusOr<Role> ParseRole(absl::string_view name);

// Who is calling, as proven by a verified token.
struct Principal {
  std::string subject;  // staff account, member id or service name
  Role role = Role::kUnspecified;
  std::string org_id;  // the org unit the account belongs to
  // The unit's place in the org tree as a path of ids, ending in '/':
  // "/city/" for the federation, "/city/cangxian/" for a county,
  // "/city/cangxian/g1234/" for a grassroots union. Scope checks compare
  // paths, so no service needs to look up the tree to answer them.
  std::string org_path;
  absl::Time issued_at;
  absl::Time expires_at;

  // True when the unit at `target_org_path` is this caller's unit or lies
  // under it (docs/rules.md §2.2: staff see their unit and those below).
  bool Covers(absl::string_view target_org_path) const;
};

// PERMISSION_DENIED unless the caller has one of `roles` and covers
// `org_path`; the message says what was refused ("… may not <what>") so
// a clerk knows why. Every service's access policy is built from this.
absl::Status RequireRoleInScope(const Principal& caller,
                                std::initializer_list<Role> roles,
                                absl::string_view org_path,
                                absl::string_view what);

// True when `caller` is the member `member_id` speaking for themselves
// (role member, subject the member id): the one scope a member has.
bool IsMemberSelf(const Principal& caller, int64_t member_id);

// Who a caller is for remembering their requests (the request ledger):
// role, unit and subject together, so two tokens that share a subject but
// not a role or unit never see each other's answers. At most 128 bytes
// (a long key is shortened with a hash of the whole).
std::string CallerKey(const Principal& caller);

// The county-level unit a caller belongs to: the second segment of its
// path ("/city/xinhua/…" → "xinhua"); "" for the city's own accounts.
std::string CountyOf(const Principal& caller);

// Checks that an org path is well formed: "/a/b/", non-empty segments of
// [a-z0-9_-].
bool IsValidOrgPath(absl::string_view org_path);

}  // namespace unioncard::auth

#endif  // UNIONCARD_COMMON_AUTH_PRINCIPAL_H_
