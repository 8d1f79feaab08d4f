#include "member-svc/src/app/member_desk.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/db/idempotency.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::member {
namespace {

std::string CountyPath(const std::string& county_id) {
  return absl::StrCat("/city/", county_id, "/");
}

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

// The action as the audit trail names it.
const char* AuditName(HelpAction action) {
  switch (action) {
    case HelpAction::kAccept:
      return "accept";
    case HelpAction::kAnswer:
      return "answer";
    case HelpAction::kClose:
      return "close";
  }
  return "unknown";
}

// INVALID_ARGUMENT unless `county_id` names a county-level union.
absl::Status CheckCounty(OrgStore& orgs, const std::string& county_id,
                         const char* field) {
  absl::StatusOr<OrgUnit> org = orgs.Get(county_id);
  if (!org.ok() || org->level != OrgLevel::kCounty) {
    return status::InvalidField(field, "must be a county-level union");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HelpRequestRecord> HelpRequests::Submit(
    const auth::Principal& caller, const std::string& request_id,
    int64_t member_id, std::optional<HelpKind> kind, const std::string& subject,
    const std::string& body) const {
  RETURN_IF_ERROR(policy_->CheckAskForHelp(caller, member_id));
  if (!kind.has_value()) {
    return status::InvalidField(
        "kind",
        "must be HELP_KIND_LEGAL_ADVICE or HELP_KIND_HARDSHIP_ASSISTANCE");
  }
  RETURN_IF_ERROR(CheckHelpText("subject", subject, 2, 60));
  RETURN_IF_ERROR(CheckHelpText("body", body, 2, 2000));
  ASSIGN_OR_RETURN(MemberRecord member, members_->Get(member_id));
  if (member.membership_status != MembershipStatus::kActive) {
    return absl::FailedPreconditionError(
        "the membership has ended; ask the union in person");
  }
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  HelpRequestRecord asked;
  asked.member_id = member.id;
  asked.org_id = member.org_id;
  asked.org_path = member.org_path;
  asked.county_id = member.county_id;
  asked.kind = *kind;
  asked.subject = Trimmed(subject);
  asked.body = Trimmed(body);
  ASSIGN_OR_RETURN(HelpRequestRecord stored, desk_->Submit(caller, id, asked));
  // A retried request id of another member's request shows nothing.
  if (stored.member_id != member.id) {
    return absl::AlreadyExistsError(
        "request_id was used for another request; send a new one");
  }
  return stored;
}

absl::StatusOr<std::vector<HelpRequestRecord>> HelpRequests::List(
    const auth::Principal& caller, int64_t member_id,
    const std::string& county_id, HelpRequestFilter filter) const {
  if (caller.role == auth::Role::kMember) {
    // Members see their own requests and nothing else.
    RETURN_IF_ERROR(policy_->CheckAskForHelp(caller, member_id));
    filter.member_id = member_id;
  } else {
    std::string county = county_id.empty() ? auth::CountyOf(caller) : county_id;
    if (!county.empty()) {
      RETURN_IF_ERROR(CheckCounty(*orgs_, county, "county_id"));
    }
    RETURN_IF_ERROR(policy_->CheckHelpQueue(
        caller, county.empty() ? "/city/" : CountyPath(county)));
    filter.county_id = county;
    if (member_id > 0) filter.member_id = member_id;
  }
  return desk_->List(filter);
}

absl::StatusOr<HelpRequestRecord> HelpRequests::Act(
    const auth::Principal& caller, int64_t help_request_id, HelpAction action,
    const std::string& answer) const {
  if (action == HelpAction::kAnswer) {
    RETURN_IF_ERROR(CheckHelpText("answer", answer, 2, 2000));
  }
  // Roles that handle no requests are told so first; a request of another
  // county is answered as unknown.
  RETURN_IF_ERROR(policy_->CheckHelpQueue(caller, caller.org_path));
  return desk_->Act(
      caller, help_request_id, AuditName(action),
      [&](const HelpRequestRecord& current) -> absl::StatusOr<HelpChange> {
        if (!policy_->CheckHelpQueue(caller, CountyPath(current.county_id))
                 .ok()) {
          return absl::NotFoundError(
              absl::StrCat("help request ", current.id, " not found"));
        }
        ASSIGN_OR_RETURN(HelpState next, NextHelpState(current.state, action));
        HelpChange change{next, std::nullopt};
        if (action == HelpAction::kAnswer) change.answer = Trimmed(answer);
        return change;
      });
}

absl::StatusOr<NoticeRecord> Notices::Publish(const auth::Principal& caller,
                                              const std::string& request_id,
                                              const std::string& owner,
                                              const std::string& title,
                                              const std::string& body) const {
  if (owner.empty()) return status::InvalidField("org_id", "is required");
  if (owner != "city") RETURN_IF_ERROR(CheckCounty(*orgs_, owner, "org_id"));
  RETURN_IF_ERROR(policy_->CheckPublishNotice(
      caller, owner == "city" ? "/city/" : CountyPath(owner)));
  RETURN_IF_ERROR(CheckHelpText("title", title, 2, 60));
  RETURN_IF_ERROR(CheckHelpText("body", body, 2, 5000));
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  NoticeRecord notice;
  notice.org_id = owner;
  notice.title = Trimmed(title);
  notice.body = Trimmed(body);
  return desk_->Publish(caller, id, notice);
}

absl::StatusOr<std::vector<NoticeRecord>> Notices::List(
    const auth::Principal& caller, const std::string& county_id,
    int64_t before_id, int limit) const {
  const std::string county =
      county_id.empty() ? auth::CountyOf(caller) : county_id;
  std::vector<std::string> owners;  // empty: every notice
  if (!county.empty()) {
    RETURN_IF_ERROR(CheckCounty(*orgs_, county, "county_id"));
    RETURN_IF_ERROR(policy_->CheckReadNotices(caller, CountyPath(county)));
    owners = {"city", county};
  } else {
    RETURN_IF_ERROR(policy_->CheckReadNotices(caller, "/city/"));
  }
  return desk_->ListNotices(owners, before_id, limit);
}

}  // namespace unioncard::member
