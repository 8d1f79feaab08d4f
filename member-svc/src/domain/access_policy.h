#ifndef UNIONCARD_MEMBER_SVC_SRC_DOMAIN_ACCESS_POLICY_H_
#define UNIONCARD_MEMBER_SVC_SRC_DOMAIN_ACCESS_POLICY_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/principal.h"

namespace unioncard::member {

// Who may do what to members, and where (docs/rules.md §3.8). Scope is the
// caller's org subtree; the role decides the kind of access. Every refusal
// is PERMISSION_DENIED with a sentence saying why.
struct AccessPolicy {
  // May see ID numbers and mobiles in clear when they ask (audited).
  std::set<auth::Role> may_reveal = {auth::Role::kCityAdmin,
                                     auth::Role::kCountyStaff};

  // Read members and org units at `org_path`.
  absl::Status CheckRead(const auth::Principal& caller,
                         const std::string& org_path) const;
  // Register, update, transfer, end or reinstate members at `org_path`.
  absl::Status CheckWrite(const auth::Principal& caller,
                          const std::string& org_path) const;
  absl::Status CheckReveal(const auth::Principal& caller,
                           const std::string& org_path) const;
  // Create, rename or close grassroots unions under `parent_path`.
  absl::Status CheckManageOrgs(const auth::Principal& caller,
                               const std::string& parent_path) const;
  // The org tree itself (names and ids, no personal data) is open to every
  // staff account city-wide: a transfer may go to any county's union.
  absl::Status CheckReadOrgTree(const auth::Principal& caller) const;
  // Real-name counts for the assessment.
  absl::Status CheckCount(const auth::Principal& caller,
                          const std::string& org_path) const;

  // A member reads their own record; staff as CheckRead.
  absl::Status CheckReadMember(const auth::Principal& caller, int64_t member_id,
                               const std::string& org_path) const;
  // Updating `fields` of a member: staff as CheckWrite; a member only
  // their own mobile.
  absl::Status CheckUpdate(const auth::Principal& caller, int64_t member_id,
                           const std::string& org_path,
                           const std::vector<std::string>& fields) const;
  // Only the gateway (a service identity of the city) checks a member's
  // ID number and mobile for the members' sign-in.
  absl::Status CheckVerifyContact(const auth::Principal& caller) const;

  // Help requests (docs/rules.md §9): members ask for themselves; the
  // member's county union (or the city) answers.
  absl::Status CheckAskForHelp(const auth::Principal& caller,
                               int64_t member_id) const;
  absl::Status CheckHelpQueue(const auth::Principal& caller,
                              const std::string& county_path) const;
  // Notices: the city publishes for everyone, a county union for its own.
  absl::Status CheckPublishNotice(const auth::Principal& caller,
                                  const std::string& owner_path) const;
  // Everyone in the county (its members included) and the city reads its
  // notices.
  absl::Status CheckReadNotices(const auth::Principal& caller,
                                const std::string& county_path) const;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_DOMAIN_ACCESS_POLICY_H_
