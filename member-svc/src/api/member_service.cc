#include "member-svc/src/api/member_service.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "member-svc/src/api/proto_mapping.h"
#include "member-svc/src/app/member_api_codecs.h"

namespace unioncard::member {
namespace {

absl::Status RequireMemberId(int64_t id, const char* field = "id") {
  if (id <= 0) return status::InvalidField(field, "must be a member id (> 0)");
  return absl::OkStatus();
}

// A use case's member, as the answer.
absl::Status Answer(absl::StatusOr<MemberRecord> member, v1::Member* out) {
  if (!member.ok()) return member.status();
  ToProto(*member, out);
  return absl::OkStatus();
}

}  // namespace

grpc::Status MemberService::RegisterMember(
    grpc::ServerContext* context, const v1::RegisterMemberRequest* request,
    v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        MemberInput input{request->name(),           request->id_number(),
                          request->mobile(),         request->employer(),
                          request->migrant_worker(), request->join_date()};
        return Answer(changes_.Register(caller, request->request_id(),
                                        request->org_id(), input, d_.today()),
                      response);
      });
}

grpc::Status MemberService::GetMember(grpc::ServerContext* context,
                                      const v1::GetMemberRequest* request,
                                      v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireMemberId(request->id()));
        return Answer(reads_.Get(caller, request->id(), request->reveal()),
                      response);
      });
}

grpc::Status MemberService::ListMembers(grpc::ServerContext* context,
                                        const v1::ListMembersRequest* request,
                                        v1::ListMembersResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        MemberFilter filter;
        ASSIGN_OR_RETURN(filter.limit, PageSize(request->page_size(), 50, 500));
        if (!request->page_token().empty()) {
          ASSIGN_OR_RETURN(std::string last,
                           DecodePageToken(request->page_token()));
          if (!absl::SimpleAtoi(last, &filter.after_id)) {
            return status::InvalidField("page_token", "is damaged");
          }
        }
        if (request->review_state() != v1::REVIEW_STATE_UNSPECIFIED) {
          filter.review_state = kReviewStateApi.Decode(request->review_state());
          if (!filter.review_state) {
            return status::InvalidField("review_state",
                                        "is not a review state");
          }
        }
        if (request->membership_status() != v1::MEMBERSHIP_STATUS_UNSPECIFIED) {
          filter.membership_status =
              kMembershipStatusApi.Decode(request->membership_status());
          if (!filter.membership_status) {
            return status::InvalidField("membership_status",
                                        "is not a membership status");
          }
        }
        filter.migrant_workers_only = request->migrant_workers_only();
        filter.name_prefix = request->name_prefix();
        ASSIGN_OR_RETURN(MemberPage page,
                         reads_.List(caller, request->org_id(), filter));
        for (const MemberRecord& m : page.members) {
          ToProto(m, response->add_members());
        }
        if (page.more) {
          response->set_next_page_token(
              EncodePageToken(std::to_string(page.members.back().id)));
        }
        return absl::OkStatus();
      });
}

grpc::Status MemberService::UpdateMember(grpc::ServerContext* context,
                                         const v1::UpdateMemberRequest* request,
                                         v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const v1::Member& patch = request->member();
        RETURN_IF_ERROR(RequireMemberId(patch.id(), "member.id"));
        status::FieldErrors errors;
        if (request->update_mask().paths().empty()) {
          errors.Add("update_mask", "names no field to update");
        }
        for (const std::string& path : request->update_mask().paths()) {
          if (path == "id_number") {
            errors.Add("update_mask",
                       "the ID number never changes; register the right "
                       "person and end this membership instead");
          } else if (path != "name" && path != "mobile" && path != "employer" &&
                     path != "migrant_worker" && path != "join_date") {
            errors.Add("update_mask",
                       absl::StrCat("\"", status::Echo(path),
                                    "\" cannot be updated; allowed: name, "
                                    "mobile, employer, migrant_worker, "
                                    "join_date"));
          }
        }
        RETURN_IF_ERROR(errors.ToStatus());
        MemberPatch change{patch.id(),
                           {request->update_mask().paths().begin(),
                            request->update_mask().paths().end()},
                           patch.name(),
                           patch.mobile(),
                           patch.employer(),
                           patch.migrant_worker(),
                           patch.join_date()};
        return Answer(
            changes_.Update(caller, request->request_id(), change, d_.today()),
            response);
      });
}

grpc::Status MemberService::FindMemberByIdNumber(
    grpc::ServerContext* context,
    const v1::FindMemberByIdNumberRequest* request, v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        return Answer(reads_.FindByIdNumber(caller, request->id_number(),
                                            request->reveal(), d_.today()),
                      response);
      });
}

grpc::Status MemberService::VerifyMemberContact(
    grpc::ServerContext* context, const v1::VerifyMemberContactRequest* request,
    v1::MemberContactMatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(MemberRecord member,
                         reads_.VerifyContact(caller, request->id_number(),
                                              request->mobile(), d_.today()));
        response->set_member_id(member.id);
        response->set_org_id(member.org_id);
        response->set_org_path(member.org_path);
        response->set_county_id(member.county_id);
        return absl::OkStatus();
      });
}

grpc::Status MemberService::ReviewMembers(
    grpc::ServerContext* context, const v1::ReviewMembersRequest* request,
    v1::ReviewMembersResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        // None for an unknown action: the review refuses it, naming the
        // field.
        const std::optional<ReviewAction> action =
            kReviewActionApi.Decode(request->action());
        ASSIGN_OR_RETURN(std::vector<ReviewOutcomeRow> rows,
                         changes_.Review(caller, request->request_id(),
                                         {request->member_ids().begin(),
                                          request->member_ids().end()},
                                         action, request->reason()));
        for (const ReviewOutcomeRow& row : rows) {
          v1::ReviewOutcome* outcome = response->add_outcomes();
          outcome->set_member_id(row.member_id);
          if (row.state.ok()) {
            outcome->set_review_state(kReviewStateApi.Encode(*row.state));
            response->set_succeeded(response->succeeded() + 1);
          } else {
            outcome->set_code(static_cast<int>(row.state.status().code()));
            outcome->set_message(std::string(row.state.status().message()));
            response->set_failed(response->failed() + 1);
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status MemberService::TransferMember(
    grpc::ServerContext* context, const v1::TransferMemberRequest* request,
    v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireMemberId(request->member_id(), "member_id"));
        if (request->to_org_id().empty()) {
          return status::InvalidField("to_org_id", "is required");
        }
        return Answer(
            changes_.Transfer(caller, request->request_id(),
                              request->member_id(), request->to_org_id()),
            response);
      });
}

grpc::Status MemberService::EndMembership(
    grpc::ServerContext* context, const v1::EndMembershipRequest* request,
    v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireMemberId(request->member_id(), "member_id"));
        const std::optional<EndReason> reason =
            kEndReasonApi.Decode(request->reason());
        if (!reason) {
          return status::InvalidField(
              "reason",
              "is required: END_REASON_LEFT, _RETIRED, _DECEASED or _OTHER");
        }
        if (absl::Status s = text::CheckText(request->note(), 200); !s.ok()) {
          return status::InvalidField("note", std::string(s.message()));
        }
        return Answer(
            changes_.End(caller, request->request_id(), request->member_id(),
                         *reason, request->note()),
            response);
      });
}

grpc::Status MemberService::ReinstateMember(
    grpc::ServerContext* context, const v1::ReinstateMemberRequest* request,
    v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireMemberId(request->member_id(), "member_id"));
        return Answer(changes_.Reinstate(caller, request->request_id(),
                                         request->member_id()),
                      response);
      });
}

grpc::Status MemberService::WatchEvents(
    grpc::ServerContext* context, const v1::WatchEventsRequest* request,
    grpc::ServerWriter<v1::MemberEvent>* writer) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(reads_.CheckFeedReader(caller));
        return d_.feed->ServeMessages(*context, request->after_sequence(),
                                      writer);
      });
}

grpc::Status MemberService::CountMembers(grpc::ServerContext* context,
                                         const v1::CountMembersRequest* request,
                                         v1::CountMembersResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(
            std::vector<MemberCountRow> rows,
            reads_.Count(caller, request->org_id(), request->by_grassroots()));
        for (const MemberCountRow& row : rows) {
          v1::MemberCount* count = response->add_counts();
          count->set_org_id(row.org_id);
          count->set_county_id(row.county_id);
          count->set_review_state(kReviewStateApi.Encode(row.review_state));
          count->set_membership_status(
              kMembershipStatusApi.Encode(row.membership_status));
          count->set_members(row.members);
        }
        return absl::OkStatus();
      });
}

grpc::Status MemberService::DescribeIdNumber(
    grpc::ServerContext* context, const v1::DescribeIdNumberRequest* request,
    v1::DescribeIdNumberResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        absl::StatusOr<IdNumberVerdict> verdict =
            id_number_check_.Describe(caller, request->id_number(), d_.today());
        if (verdict.status().code() == absl::StatusCode::kInvalidArgument) {
          return status::InvalidField("id_number",
                                      std::string(verdict.status().message()));
        }
        RETURN_IF_ERROR(verdict.status());
        ToProto(*verdict, response);
        return absl::OkStatus();
      });
}

}  // namespace unioncard::member
