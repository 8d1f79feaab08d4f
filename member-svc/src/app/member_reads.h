#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_READS_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_READS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member.h"
#include "member-svc/src/domain/member_validation.h"
#include "member-svc/src/store/member_store.h"
#include "member-svc/src/store/org_store.h"

namespace unioncard::member {

struct MemberPage {
  std::vector<MemberRecord> members;
  bool more = false;  // a next page exists, after members.back()
};

// MemberService's reads (docs/rules.md §3.8): who may read which members,
// and the rule that a member outside the caller's scope is answered
// exactly as one that does not exist — whether someone is a member
// elsewhere is not the caller's to learn. Errors name the field where the
// input is at fault.
class MemberReads {
 public:
  MemberReads(OrgStore* orgs, MemberStore* members, const AccessPolicy* policy,
              const MemberPolicy* rules)
      : orgs_(orgs), members_(members), policy_(policy), rules_(rules) {}

  // A member by id, masked, or in clear when `reveal` and permitted
  // (audited). A member reads their own record.
  absl::StatusOr<MemberRecord> Get(const auth::Principal& caller, int64_t id,
                                   bool reveal) const;

  // By ID number: any well-formed number, whatever the age.
  absl::StatusOr<MemberRecord> FindByIdNumber(const auth::Principal& caller,
                                              const std::string& id_number,
                                              bool reveal,
                                              absl::CivilDay today) const;

  // The members of `org_id`'s subtree ("": the caller's own unit) that
  // `filter` selects, `filter.limit` a page (its org_path is set here).
  absl::StatusOr<MemberPage> List(const auth::Principal& caller,
                                  const std::string& org_id,
                                  MemberFilter filter) const;

  absl::StatusOr<std::vector<MemberCountRow>> Count(
      const auth::Principal& caller, const std::string& org_id,
      bool by_grassroots) const;

  // The members' sign-in (the gateway asks): the member in good standing
  // with this ID number and mobile. One NOT_FOUND for every kind of
  // mismatch.
  absl::StatusOr<MemberRecord> VerifyContact(const auth::Principal& caller,
                                             const std::string& id_number,
                                             const std::string& mobile,
                                             absl::CivilDay today) const;

  // The change feed spans the whole city: only city-wide readers.
  absl::Status CheckFeedReader(const auth::Principal& caller) const;

 private:
  absl::StatusOr<MemberRecord> Present(const auth::Principal& caller,
                                       MemberRecord member, bool reveal) const;

  OrgStore* orgs_;
  MemberStore* members_;
  const AccessPolicy* policy_;
  const MemberPolicy* rules_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_READS_H_
