#include "member-svc/src/domain/review_pipeline.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/text/utf8.h"

namespace unioncard::member {
namespace {

struct Step {
  ReviewAction action;
  ReviewState from;
  ReviewState to;
  bool needs_reason;
  auth::Role roles[2];
};

using auth::Role;

constexpr Step kSteps[] = {
    {ReviewAction::kVerify,
     ReviewState::kCollected,
     ReviewState::kCountyVerified,
     false,
     {Role::kCountyStaff, Role::kCountyStaff}},
    {ReviewAction::kReturn,
     ReviewState::kCollected,
     ReviewState::kReturned,
     true,
     {Role::kCountyStaff, Role::kCountyStaff}},
    {ReviewAction::kResubmit,
     ReviewState::kReturned,
     ReviewState::kCollected,
     false,
     {Role::kGrassrootsStaff, Role::kCountyStaff}},
    {ReviewAction::kApprove,
     ReviewState::kCountyVerified,
     ReviewState::kCityApproved,
     false,
     {Role::kCityAdmin, Role::kCityAdmin}},
    {ReviewAction::kReject,
     ReviewState::kCountyVerified,
     ReviewState::kRejected,
     true,
     {Role::kCityAdmin, Role::kCityAdmin}},
};

}  // namespace

const char* ReviewActionName(ReviewAction action) {
  switch (action) {
    case ReviewAction::kVerify:
      return "VERIFY";
    case ReviewAction::kReturn:
      return "RETURN";
    case ReviewAction::kResubmit:
      return "RESUBMIT";
    case ReviewAction::kApprove:
      return "APPROVE";
    case ReviewAction::kReject:
      return "REJECT";
  }
  return "UNKNOWN";
}

absl::StatusOr<ReviewDecision> DecideReview(const MemberRecord& member,
                                            ReviewAction action,
                                            auth::Role role,
                                            const std::string& reason) {
  const Step* step = nullptr;
  for (const Step& s : kSteps) {
    if (s.action == action) step = &s;
  }
  if (step == nullptr) {
    return status::InvalidField("action", "is not a review action");
  }
  if (role != step->roles[0] && role != step->roles[1]) {
    return absl::PermissionDeniedError(absl::StrCat(
        ReviewActionName(action), " is for ", auth::RoleName(step->roles[0]),
        step->roles[0] != step->roles[1]
            ? absl::StrCat(" or ", auth::RoleName(step->roles[1]))
            : "",
        ", not ", auth::RoleName(role)));
  }
  if (member.membership_status != MembershipStatus::kActive) {
    return absl::FailedPreconditionError(absl::StrCat(
        "member ", member.id, " has left the union; reinstate first"));
  }
  if (member.review_state != step->from) {
    return absl::FailedPreconditionError(absl::StrCat(
        "member ", member.id, " is ", ReviewStateName(member.review_state),
        "; ", ReviewActionName(action), " needs ",
        ReviewStateName(step->from)));
  }
  const std::string note(absl::StripAsciiWhitespace(reason));
  if (step->needs_reason && note.empty()) {
    return status::InvalidField(
        "reason", absl::StrCat("is required to ", ReviewActionName(action),
                               " a member, so the clerk knows what to fix"));
  }
  if (absl::Status s = text::CheckText(note, 200); !s.ok()) {
    return status::InvalidField("reason", std::string(s.message()));
  }
  return ReviewDecision{step->to, step->needs_reason ? note : ""};
}

}  // namespace unioncard::member
