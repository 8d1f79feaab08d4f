#include "member-svc/src/api/help_desk_service.h"

#include <optional>
#include <vector>

#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "member-svc/src/app/member_api_codecs.h"

namespace unioncard::member {
namespace {

void ToProto(const HelpRequestRecord& h, v1::HelpRequest* out) {
  out->set_id(h.id);
  out->set_member_id(h.member_id);
  out->set_member_name(h.member_name);
  out->set_org_id(h.org_id);
  out->set_county_id(h.county_id);
  out->set_kind(kHelpKindApi.Encode(h.kind));
  out->set_subject(h.subject);
  out->set_body(h.body);
  out->set_state(kHelpStateApi.Encode(h.state));
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

}  // namespace

grpc::Status HelpDeskService::SubmitHelpRequest(
    grpc::ServerContext* context, const v1::SubmitHelpRequestRequest* request,
    v1::HelpRequest* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const std::optional<HelpKind> kind =
            kHelpKindApi.Decode(request->kind());
        ASSIGN_OR_RETURN(HelpRequestRecord stored,
                         requests_.Submit(caller, request->request_id(),
                                          request->member_id(), kind,
                                          request->subject(), request->body()));
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
          filter.state = kHelpStateApi.Decode(request->state());
          if (!filter.state) {
            return status::InvalidField("state", "is not a request state");
          }
        }
        ASSIGN_OR_RETURN(std::vector<HelpRequestRecord> rows,
                         requests_.List(caller, request->member_id(),
                                        request->county_id(), filter));
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
        const std::optional<HelpAction> action =
            kHelpActionApi.Decode(request->action());
        if (!action) {
          return status::InvalidField(
              "action", "must be HELP_ACTION_ACCEPT, _ANSWER or _CLOSE");
        }
        ASSIGN_OR_RETURN(HelpRequestRecord changed,
                         requests_.Act(caller, request->help_request_id(),
                                       *action, request->answer()));
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
        ASSIGN_OR_RETURN(
            NoticeRecord stored,
            notices_.Publish(caller, request->request_id(), request->org_id(),
                             request->title(), request->body()));
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
        ASSIGN_OR_RETURN(std::vector<NoticeRecord> rows,
                         notices_.List(caller, request->county_id(), page.after,
                                       page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            rows, page, [](const NoticeRecord& n) { return n.id; }));
        for (const NoticeRecord& n : rows) ToProto(n, response->add_notices());
        return absl::OkStatus();
      });
}

}  // namespace unioncard::member
