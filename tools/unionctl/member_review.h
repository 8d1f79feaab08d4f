#ifndef UNIONCARD_TOOLS_UNIONCTL_MEMBER_REVIEW_H_
#define UNIONCARD_TOOLS_UNIONCTL_MEMBER_REVIEW_H_

#include <string>

#include "absl/status/statusor.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::unionctl {

struct ReviewSummary {
  int moved = 0;
  int failed = 0;
  std::string first_failure;  // member id and reason of the first refusal
};

// `unionctl members review --org=UNIT --action=verify|approve`: every member
// of the unit's subtree waiting for this step (COLLECTED for verify,
// COUNTY_VERIFIED for approve) is moved, in bulk calls of 1,000, with the
// caller's token — so the county verifies and the city approves, as
// docs/rules.md §3.4 wants.
absl::StatusOr<ReviewSummary> ReviewWaitingMembers(
    member::v1::MemberService::StubInterface& stub, const std::string& org_id,
    member::v1::ReviewAction action, const std::string& token);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_MEMBER_REVIEW_H_
