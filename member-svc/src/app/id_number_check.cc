#include "member-svc/src/app/id_number_check.h"

#include "common/status/macros.h"

namespace unioncard::member {

absl::StatusOr<IdNumberVerdict> IdNumberCheck::Describe(
    const auth::Principal& caller, const std::string& id_number,
    absl::CivilDay today) const {
  // Those who register members, in their own unit: the same roles as
  // RegisterMember, asked before anything about the number is said.
  RETURN_IF_ERROR(policy_->CheckWrite(caller, caller.org_path));
  return JudgeIdNumber(id_number, today, *rules_);
}

}  // namespace unioncard::member
