#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_ID_NUMBER_CHECK_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_ID_NUMBER_CHECK_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member_validation.h"

namespace unioncard::member {

// MemberService.DescribeIdNumber's use case: a clerk who may register
// members asks what registration would make of a number (docs/rules.md
// §3.2). Nothing is read or written: the answer is the number's own facts.
class IdNumberCheck {
 public:
  IdNumberCheck(const AccessPolicy* policy, const MemberPolicy* rules)
      : policy_(policy), rules_(rules) {}

  // PERMISSION_DENIED for roles that never register members;
  // INVALID_ARGUMENT (no field name: the api layer adds it) for a number
  // that is not well formed.
  absl::StatusOr<IdNumberVerdict> Describe(const auth::Principal& caller,
                                           const std::string& id_number,
                                           absl::CivilDay today) const;

 private:
  const AccessPolicy* policy_;
  const MemberPolicy* rules_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_ID_NUMBER_CHECK_H_
