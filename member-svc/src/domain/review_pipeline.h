#ifndef UNIONCARD_MEMBER_SVC_SRC_DOMAIN_REVIEW_PIPELINE_H_
#define UNIONCARD_MEMBER_SVC_SRC_DOMAIN_REVIEW_PIPELINE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "member-svc/src/domain/member.h"

namespace unioncard::member {

// 采集 → 登记汇总 → 审核备案 (docs/rules.md §3.4):
//   VERIFY   county staff       COLLECTED       → COUNTY_VERIFIED
//   RETURN   county staff       COLLECTED       → RETURNED  (reason)
//   RESUBMIT grassroots/county  RETURNED        → COLLECTED
//   APPROVE  city admin         COUNTY_VERIFIED → CITY_APPROVED
//   REJECT   city admin         COUNTY_VERIFIED → REJECTED  (reason)
enum class ReviewAction {
  kVerify = 1,
  kReturn = 2,
  kResubmit = 3,
  kApprove = 4,
  kReject = 5,
};

const char* ReviewActionName(ReviewAction action);

struct ReviewDecision {
  ReviewState next;
  std::string note;  // kept on the member: the reason of a return/rejection
};

// Decides one step. PERMISSION_DENIED when the role may not take this
// action, FAILED_PRECONDITION naming the current state when the step is
// not allowed from it (or the membership has ended), INVALID_ARGUMENT
// (field "reason") for a return or rejection without a reason.
// Scope (which members a caller may touch) is checked separately.
absl::StatusOr<ReviewDecision> DecideReview(const MemberRecord& member,
                                            ReviewAction action,
                                            auth::Role role,
                                            const std::string& reason);

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_DOMAIN_REVIEW_PIPELINE_H_
