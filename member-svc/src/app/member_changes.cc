#include "member-svc/src/app/member_changes.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/db/idempotency.h"
#include "common/person/mobile_number.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::member {

absl::StatusOr<OrgUnit> MemberChanges::WritableGrassroots(
    const auth::Principal& caller, const std::string& org_id,
    const char* field) const {
  if (org_id.empty()) return status::InvalidField(field, "is required");
  ASSIGN_OR_RETURN(OrgUnit org, orgs_->Get(org_id));
  RETURN_IF_ERROR(policy_->CheckWrite(caller, org.path));
  if (org.level != OrgLevel::kGrassroots) {
    return status::InvalidField(
        field, absl::StrCat(org_id,
                            " is not a grassroots union; members "
                            "belong to grassroots unions"));
  }
  if (org.closed) {
    return absl::FailedPreconditionError(
        absl::StrCat("union ", org_id, " is closed"));
  }
  return org;
}

absl::StatusOr<MemberRecord> MemberChanges::Change(
    const auth::Principal& caller, const std::string& request_id,
    const char* method, int64_t member_id, const DecideChange& decide,
    const std::vector<std::string>& fields) const {
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(
      MemberRecord changed,
      members_->Change(
          caller, id, method, member_id,
          [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
            // An update names its fields: a member may change their own
            // mobile (the gateway checked a code sent to it).
            RETURN_IF_ERROR(fields.empty()
                                ? policy_->CheckWrite(caller, current.org_path)
                                : policy_->CheckUpdate(caller, current.id,
                                                       current.org_path,
                                                       fields));
            return decide(current);
          }));
  appended_();
  return changed;
}

absl::StatusOr<MemberRecord> MemberChanges::Register(
    const auth::Principal& caller, const std::string& request_id,
    const std::string& org_id, const MemberInput& input,
    absl::CivilDay today) const {
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(OrgUnit org, WritableGrassroots(caller, org_id, "org_id"));
  ASSIGN_OR_RETURN(ValidMember valid, ValidateMember(input, today, *rules_));
  ASSIGN_OR_RETURN(
      MemberRecord created,
      members_->Register(caller, id, NewMember{std::move(valid), org}));
  appended_();
  return created;
}

absl::StatusOr<MemberRecord> MemberChanges::Update(
    const auth::Principal& caller, const std::string& request_id,
    const MemberPatch& patch, absl::CivilDay today) const {
  return Change(
      caller, request_id, "UpdateMember", patch.member_id,
      [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
        MemberChange change;
        change.updated = current;
        change.kind = MemberChangeKind::kUpdated;
        change.audit_action = "member.update";
        status::FieldErrors bad;
        for (const std::string& field : patch.fields) {
          if (field == "name") {
            auto name =
                NormalizeMemberName(patch.name, rules_->max_name_characters);
            if (name.ok()) {
              change.updated.name = *name;
            } else {
              bad.Merge("member.name", name.status());
            }
          } else if (field == "mobile") {
            auto mobile = person::NormalizeMobileNumber(patch.mobile);
            if (mobile.ok()) {
              change.new_mobile = *mobile;
              change.updated.mobile = person::MaskMobileNumber(*mobile);
            } else {
              bad.Merge("member.mobile", mobile.status());
            }
          } else if (field == "employer") {
            auto employer = NormalizeEmployer(patch.employer,
                                              rules_->max_employer_characters);
            if (employer.ok()) {
              change.updated.employer = *employer;
            } else {
              bad.Merge("member.employer", employer.status());
            }
          } else if (field == "migrant_worker") {
            change.updated.migrant_worker = patch.migrant_worker;
          } else if (field == "join_date") {
            auto day = ParseDate(patch.join_date);
            if (!day.ok()) {
              bad.Merge("member.join_date", day.status());
            } else if (*day > today || *day < current.birth_date) {
              bad.Add("member.join_date",
                      "must lie between the birth date and today");
            } else {
              change.updated.join_date = *day;
            }
          }
        }
        RETURN_IF_ERROR(bad.ToStatus());
        change.audit_detail = {{"fields", patch.fields}};
        return change;
      },
      patch.fields);
}

absl::StatusOr<MemberRecord> MemberChanges::Transfer(
    const auth::Principal& caller, const std::string& request_id,
    int64_t member_id, const std::string& to_org_id) const {
  // The releasing union moves the member; the receiving union may be in
  // any county (membership follows the person).
  ASSIGN_OR_RETURN(OrgUnit target, orgs_->Get(to_org_id));
  if (target.level != OrgLevel::kGrassroots) {
    return status::InvalidField("to_org_id", "must be a grassroots union");
  }
  if (target.closed) {
    return absl::FailedPreconditionError(
        absl::StrCat("union ", target.id, " is closed"));
  }
  return Change(
      caller, request_id, "TransferMember", member_id,
      [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
        if (current.membership_status != MembershipStatus::kActive) {
          return absl::FailedPreconditionError(absl::StrCat(
              "member ", current.id,
              " has left the union; reinstate before transferring"));
        }
        if (current.org_id == target.id) {
          return absl::FailedPreconditionError(absl::StrCat(
              "member ", current.id, " is already in ", target.id));
        }
        MemberChange change;
        change.updated = current;
        change.updated.org_id = target.id;
        change.updated.org_path = target.path;
        change.updated.county_id = target.county_id;
        change.kind = MemberChangeKind::kTransferred;
        change.from_org_id = current.org_id;
        change.from_county_id = current.county_id;
        change.audit_action = "member.transfer";
        change.audit_detail = {{"from", current.org_id}, {"to", target.id}};
        return change;
      });
}

absl::StatusOr<MemberRecord> MemberChanges::End(const auth::Principal& caller,
                                                const std::string& request_id,
                                                int64_t member_id,
                                                EndReason reason,
                                                const std::string& note) const {
  return Change(
      caller, request_id, "EndMembership", member_id,
      [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
        if (current.membership_status == MembershipStatus::kEnded) {
          return absl::FailedPreconditionError(absl::StrCat(
              "member ", current.id, "'s membership has already ended"));
        }
        MemberChange change;
        change.updated = current;
        change.updated.membership_status = MembershipStatus::kEnded;
        change.updated.end_reason = reason;
        change.kind = MemberChangeKind::kMembershipEnded;
        change.audit_action = "member.end";
        change.audit_detail = {{"reason", EndReasonName(reason)},
                               {"note", note}};
        return change;
      });
}

absl::StatusOr<MemberRecord> MemberChanges::Reinstate(
    const auth::Principal& caller, const std::string& request_id,
    int64_t member_id) const {
  return Change(
      caller, request_id, "ReinstateMember", member_id,
      [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
        if (current.membership_status == MembershipStatus::kActive) {
          return absl::FailedPreconditionError(absl::StrCat(
              "member ", current.id, " is already an active member"));
        }
        if (current.end_reason == EndReason::kDeceased) {
          return absl::FailedPreconditionError(
              absl::StrCat("member ", current.id, " was recorded as deceased"));
        }
        MemberChange change;
        change.updated = current;
        change.updated.membership_status = MembershipStatus::kActive;
        change.kind = MemberChangeKind::kReinstated;
        change.audit_action = "member.reinstate";
        return change;
      });
}

absl::StatusOr<std::vector<ReviewOutcomeRow>> MemberChanges::Review(
    const auth::Principal& caller, const std::string& request_id,
    const std::vector<int64_t>& member_ids,
    std::optional<ReviewAction> given_action, const std::string& reason) const {
  // Only the roles that review get in at all — told so before anything
  // about the request — and each member's scope is then checked on its own
  // (a per-member outcome).
  RETURN_IF_ERROR(policy_->CheckWrite(caller, caller.org_path));
  status::FieldErrors errors;
  if (member_ids.empty()) {
    errors.Add("member_ids", "is empty");
  } else if (member_ids.size() > static_cast<size_t>(kMaxReviewBatch)) {
    errors.Add("member_ids",
               absl::StrCat("has ", member_ids.size(), " ids; at most ",
                            kMaxReviewBatch, " per call"));
  }
  if (!given_action.has_value()) {
    errors.Add(
        "action",
        "is required (REVIEW_ACTION_VERIFY, _RETURN, _RESUBMIT, _APPROVE or "
        "_REJECT)");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  const ReviewAction action = *given_action;
  ASSIGN_OR_RETURN(std::string batch_id, db::RequestIdOrNew(request_id));
  std::vector<ReviewOutcomeRow> outcomes;
  outcomes.reserve(member_ids.size());
  for (int64_t member_id : member_ids) {
    absl::StatusOr<MemberRecord> result = members_->Change(
        caller, absl::StrCat(batch_id, ":", member_id), "ReviewMembers",
        member_id,
        [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
          if (!caller.Covers(current.org_path)) {
            return absl::PermissionDeniedError(
                absl::StrCat("member ", current.id, " is outside your unit"));
          }
          ASSIGN_OR_RETURN(ReviewDecision decision,
                           DecideReview(current, action, caller.role, reason));
          MemberChange change;
          change.updated = current;
          change.updated.review_state = decision.next;
          change.updated.review_note = decision.note;
          change.kind = MemberChangeKind::kReviewed;
          change.audit_action =
              absl::StrCat("member.review.",
                           absl::AsciiStrToLower(ReviewActionName(action)));
          change.audit_detail = {
              {"from", ReviewStateName(current.review_state)},
              {"to", ReviewStateName(decision.next)},
              {"reason", decision.note}};
          return change;
        });
    outcomes.push_back(
        {member_id, result.ok()
                        ? absl::StatusOr<ReviewState>(result->review_state)
                        : absl::StatusOr<ReviewState>(result.status())});
  }
  appended_();
  return outcomes;
}

}  // namespace unioncard::member
