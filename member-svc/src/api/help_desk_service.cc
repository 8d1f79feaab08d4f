#include "member-svc/src/api/help_desk_service.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/db/idempotency.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
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

void ToProto(const HelpRequestRecord& h, v1::HelpRequest* out) {
  out->set_id(h.id);
  out->set_member_id(h.member_id);
  out->set_member_name(h.member_name);
  out->set_org_id(h.org_id);
  out->set_county_id(h.county_id);
  out->set_kind(static_cast<v1::HelpKind>(h.kind));
  out->set_subject(h.subject);
  out->set_body(h.body);
  out->set_state(static_cast<v1::HelpRequestState>(h.state));
  out->set_answer(h.answer);
  out->set_handled_by(h.handled_by);
  rpc::SetTimestamp(h.created_at, out->mutable_create_time());
  rpc::SetTimestamp(h.updated_at, out->mutable_update_time());
}

void ToProto(const NoticeRecord& n, v1::Notice* out) {
  out->set_id(n.id);
  out->set_org_id(n.org_id);
  out->set_title(n.title);
  out->set_body(n.body);
  out->set_published_by(n.published_by);
  rpc::SetTimestamp(n.published_at, out->mutable_publish_time());
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

grpc::Status HelpDeskService::SubmitHelpRequest(
    grpc::ServerContext* context, const v1::SubmitHelpRequestRequest* request,
    v1::HelpRequest* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(
            d_.policy.CheckAskForHelp(caller, request->member_id()));
        if (request->kind() != v1::LEGAL_ADVICE &&
            request->kind() != v1::HARDSHIP_ASSISTANCE) {
          return status::InvalidField(
              "kind", "must be LEGAL_ADVICE or HARDSHIP_ASSISTANCE");
        }
        RETURN_IF_ERROR(CheckHelpText("subject", request->subject(), 2, 60));
        RETURN_IF_ERROR(CheckHelpText("body", request->body(), 2, 2000));
        ASSIGN_OR_RETURN(MemberRecord member,
                         d_.members->Get(request->member_id()));
        if (member.membership_status != MembershipStatus::kActive) {
          return absl::FailedPreconditionError(
              "the membership has ended; ask the union in person");
        }
        ASSIGN_OR_RETURN(std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        HelpRequestRecord asked;
        asked.member_id = member.id;
        asked.org_id = member.org_id;
        asked.org_path = member.org_path;
        asked.county_id = member.county_id;
        asked.kind = static_cast<HelpKind>(request->kind());
        asked.subject = Trimmed(request->subject());
        asked.body = Trimmed(request->body());
        ASSIGN_OR_RETURN(HelpRequestRecord stored,
                         d_.desk->Submit(caller, request_id, asked));
        // A retried request id of another member's request shows nothing.
        if (stored.member_id != member.id) {
          return absl::AlreadyExistsError(
              "request_id was used for another request; send a new one");
        }
        ToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status HelpDeskService::ListHelpRequests(
    grpc::ServerContext* context, const v1::ListHelpRequestsRequest* request,
    v1::ListHelpRequestsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 50, 200));
        HelpRequestFilter filter;
        filter.before_id = page.after;
        filter.limit = page.size + 1;
        if (request->state() != v1::HELP_REQUEST_STATE_UNSPECIFIED) {
          if (!v1::HelpRequestState_IsValid(request->state())) {
            return status::InvalidField("state", "is not a request state");
          }
          filter.state = static_cast<HelpState>(request->state());
        }
        if (caller.role == auth::Role::kMember) {
          // Members see their own requests and nothing else.
          RETURN_IF_ERROR(
              d_.policy.CheckAskForHelp(caller, request->member_id()));
          filter.member_id = request->member_id();
        } else {
          std::string county = request->county_id();
          if (county.empty()) county = auth::CountyOf(caller);
          if (!county.empty()) {
            RETURN_IF_ERROR(CheckCounty(*d_.orgs, county, "county_id"));
          }
          RETURN_IF_ERROR(d_.policy.CheckHelpQueue(
              caller, county.empty() ? "/city/" : CountyPath(county)));
          filter.county_id = county;
          if (request->member_id() > 0) filter.member_id = request->member_id();
        }
        ASSIGN_OR_RETURN(std::vector<HelpRequestRecord> rows,
                         d_.desk->List(filter));
        response->set_next_page_token(rpc::TrimToPage(
            rows, page, [](const HelpRequestRecord& h) { return h.id; }));
        for (const HelpRequestRecord& h : rows) {
          ToProto(h, response->add_requests());
        }
        return absl::OkStatus();
      });
}

grpc::Status HelpDeskService::ActOnHelpRequest(
    grpc::ServerContext* context, const v1::ActOnHelpRequestRequest* request,
    v1::HelpRequest* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (request->help_request_id() <= 0) {
          return status::InvalidField("help_request_id",
                                      "must be a request id (> 0)");
        }
        const v1::HelpAction action = request->action();
        if (action != v1::ACCEPT && action != v1::ANSWER &&
            action != v1::CLOSE) {
          return status::InvalidField("action",
                                      "must be ACCEPT, ANSWER or CLOSE");
        }
        if (action == v1::ANSWER) {
          RETURN_IF_ERROR(CheckHelpText("answer", request->answer(), 2, 2000));
        }
        // Roles that handle no requests are told so first; a request of
        // another county is answered as unknown.
        RETURN_IF_ERROR(d_.policy.CheckHelpQueue(caller, caller.org_path));
        const std::string name =
            absl::AsciiStrToLower(v1::HelpAction_Name(action));
        ASSIGN_OR_RETURN(
            HelpRequestRecord changed,
            d_.desk->Act(caller, request->help_request_id(), name,
                         [&](const HelpRequestRecord& current)
                             -> absl::StatusOr<HelpChange> {
                           if (!d_.policy
                                    .CheckHelpQueue(
                                        caller, CountyPath(current.county_id))
                                    .ok()) {
                             return absl::NotFoundError(absl::StrCat(
                                 "help request ", current.id, " not found"));
                           }
                           ASSIGN_OR_RETURN(
                               HelpState next,
                               NextHelpState(current.state,
                                             static_cast<HelpAction>(action)));
                           HelpChange change{next, std::nullopt};
                           if (action == v1::ANSWER) {
                             change.answer = Trimmed(request->answer());
                           }
                           return change;
                         }));
        ToProto(changed, response);
        return absl::OkStatus();
      });
}

grpc::Status NoticeBoardService::PublishNotice(
    grpc::ServerContext* context, const v1::PublishNoticeRequest* request,
    v1::Notice* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const std::string& owner = request->org_id();
        if (owner.empty()) return status::InvalidField("org_id", "is required");
        if (owner != "city") {
          RETURN_IF_ERROR(CheckCounty(*d_.orgs, owner, "org_id"));
        }
        RETURN_IF_ERROR(d_.policy.CheckPublishNotice(
            caller, owner == "city" ? "/city/" : CountyPath(owner)));
        RETURN_IF_ERROR(CheckHelpText("title", request->title(), 2, 60));
        RETURN_IF_ERROR(CheckHelpText("body", request->body(), 2, 5000));
        ASSIGN_OR_RETURN(std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        NoticeRecord notice{0,
                            owner,
                            Trimmed(request->title()),
                            Trimmed(request->body()),
                            "",
                            absl::Time()};
        ASSIGN_OR_RETURN(NoticeRecord stored,
                         d_.desk->Publish(caller, request_id, notice));
        ToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status NoticeBoardService::ListNotices(
    grpc::ServerContext* context, const v1::ListNoticesRequest* request,
    v1::ListNoticesResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 20, 100));
        std::string county = request->county_id();
        if (county.empty()) county = auth::CountyOf(caller);
        std::vector<std::string> owners;  // empty: every notice
        if (!county.empty()) {
          RETURN_IF_ERROR(CheckCounty(*d_.orgs, county, "county_id"));
          RETURN_IF_ERROR(
              d_.policy.CheckReadNotices(caller, CountyPath(county)));
          owners = {"city", county};
        } else {
          RETURN_IF_ERROR(d_.policy.CheckReadNotices(caller, "/city/"));
        }
        ASSIGN_OR_RETURN(
            std::vector<NoticeRecord> rows,
            d_.desk->ListNotices(owners, page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            rows, page, [](const NoticeRecord& n) { return n.id; }));
        for (const NoticeRecord& n : rows) ToProto(n, response->add_notices());
        return absl::OkStatus();
      });
}

}  // namespace unioncard::member
