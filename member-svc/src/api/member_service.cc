#include "member-svc/src/api/member_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/idempotency.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/log/request_id.h"
#include "common/person/mobile_number.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "member-svc/src/api/proto_mapping.h"
#include "member-svc/src/domain/review_pipeline.h"

namespace unioncard::member {
namespace {

constexpr int kMaxReviewBatch = 1000;

absl::Status RequireMemberId(int64_t id, const char* field = "id") {
  if (id <= 0) return status::InvalidField(field, "must be a member id (> 0)");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OrgUnit> MemberService::WritableGrassroots(
    const auth::Principal& caller, const std::string& org_id,
    const char* field) {
  if (org_id.empty()) return status::InvalidField(field, "is required");
  ASSIGN_OR_RETURN(OrgUnit org, d_.orgs->Get(org_id));
  RETURN_IF_ERROR(d_.policy.CheckWrite(caller, org.path));
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

absl::Status MemberService::Present(const auth::Principal& caller,
                                    MemberRecord member, bool reveal,
                                    v1::Member* out) {
  if (reveal) {
    RETURN_IF_ERROR(d_.policy.CheckReveal(caller, member.org_path));
    ASSIGN_OR_RETURN(member, d_.members->Reveal(caller, member.id));
  }
  ToProto(member, out);
  return absl::OkStatus();
}

absl::Status MemberService::ChangeMember(
    const auth::Principal& caller, const std::string& request_id,
    const char* method, int64_t member_id, const DecideChange& decide,
    v1::Member* out, const std::vector<std::string>& fields) {
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(
      MemberRecord changed,
      d_.members->Change(
          caller, id, method, member_id,
          [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
            // An update names its fields: a member may change their own
            // mobile (the gateway checked a code sent to it).
            RETURN_IF_ERROR(fields.empty()
                                ? d_.policy.CheckWrite(caller, current.org_path)
                                : d_.policy.CheckUpdate(caller, current.id,
                                                        current.org_path,
                                                        fields));
            return decide(current);
          }));
  d_.feed->NotifyAppended();
  ToProto(changed, out);
  return absl::OkStatus();
}

grpc::Status MemberService::RegisterMember(
    grpc::ServerContext* context, const v1::RegisterMemberRequest* request,
    v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(OrgUnit org, WritableGrassroots(
                                          caller, request->org_id(), "org_id"));
        MemberInput input{request->name(),           request->id_number(),
                          request->mobile(),         request->employer(),
                          request->migrant_worker(), request->join_date()};
        ASSIGN_OR_RETURN(ValidMember valid,
                         ValidateMember(input, d_.today(), d_.rules));
        ASSIGN_OR_RETURN(
            MemberRecord created,
            d_.members->Register(caller, request_id,
                                 NewMember{std::move(valid), org}));
        d_.feed->NotifyAppended();
        ToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::Status MemberService::GetMember(grpc::ServerContext* context,
                                      const v1::GetMemberRequest* request,
                                      v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireMemberId(request->id()));
        // A role that reads no members is told so; a member outside the
        // caller's scope is answered exactly as one that does not exist
        // (whether someone is a member elsewhere is not the caller's to
        // learn). A member reads their own record.
        if (!auth::IsMemberSelf(caller, request->id())) {
          RETURN_IF_ERROR(d_.policy.CheckRead(caller, caller.org_path));
        }
        absl::StatusOr<MemberRecord> member = d_.members->Get(request->id());
        if (member.ok() &&
            !d_.policy.CheckReadMember(caller, request->id(), member->org_path)
                 .ok()) {
          member = absl::NotFoundError(
              absl::StrCat("member ", request->id(), " not found"));
        }
        if (!member.ok()) return member.status();
        return Present(caller, *std::move(member), request->reveal(), response);
      });
}

grpc::Status MemberService::ListMembers(grpc::ServerContext* context,
                                        const v1::ListMembersRequest* request,
                                        v1::ListMembersResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(int page_size,
                         PageSize(request->page_size(), 50, 500));
        MemberFilter filter;
        filter.limit = page_size;
        if (!request->page_token().empty()) {
          ASSIGN_OR_RETURN(std::string last,
                           DecodePageToken(request->page_token()));
          if (!absl::SimpleAtoi(last, &filter.after_id)) {
            return status::InvalidField("page_token", "is damaged");
          }
        }
        const std::string org_id =
            request->org_id().empty() ? caller.org_id : request->org_id();
        ASSIGN_OR_RETURN(OrgUnit org, d_.orgs->Get(org_id));
        RETURN_IF_ERROR(d_.policy.CheckRead(caller, org.path));
        filter.org_path = org.path;
        if (request->review_state() != v1::REVIEW_STATE_UNSPECIFIED) {
          filter.review_state =
              static_cast<ReviewState>(request->review_state());
        }
        if (request->membership_status() != v1::MEMBERSHIP_STATUS_UNSPECIFIED) {
          filter.membership_status =
              static_cast<MembershipStatus>(request->membership_status());
        }
        filter.migrant_workers_only = request->migrant_workers_only();
        if (absl::Status s = text::CheckText(request->name_prefix(),
                                             d_.rules.max_name_characters);
            !s.ok()) {
          return status::InvalidField("name_prefix", std::string(s.message()));
        }
        filter.name_prefix = request->name_prefix();
        ASSIGN_OR_RETURN(std::vector<MemberRecord> page,
                         d_.members->List(filter));
        const bool more = static_cast<int>(page.size()) > page_size;
        if (more) page.resize(page_size);
        for (const MemberRecord& m : page) ToProto(m, response->add_members());
        if (more) {
          response->set_next_page_token(
              EncodePageToken(std::to_string(page.back().id)));
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
        const absl::CivilDay today = d_.today();
        const std::vector<std::string> mask_fields(
            request->update_mask().paths().begin(),
            request->update_mask().paths().end());
        return ChangeMember(
            caller, request->request_id(), "UpdateMember", patch.id(),
            [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
              MemberChange change;
              change.updated = current;
              change.kind = MemberChangeKind::kUpdated;
              change.audit_action = "member.update";
              status::FieldErrors bad;
              std::vector<std::string> fields;
              for (const std::string& path : request->update_mask().paths()) {
                fields.push_back(path);
                if (path == "name") {
                  auto name = NormalizeMemberName(patch.name(),
                                                  d_.rules.max_name_characters);
                  if (name.ok())
                    change.updated.name = *name;
                  else
                    bad.Merge("member.name", name.status());
                } else if (path == "mobile") {
                  auto mobile = person::NormalizeMobileNumber(patch.mobile());
                  if (mobile.ok()) {
                    change.new_mobile = *mobile;
                    change.updated.mobile = person::MaskMobileNumber(*mobile);
                  } else {
                    bad.Merge("member.mobile", mobile.status());
                  }
                } else if (path == "employer") {
                  auto employer = NormalizeEmployer(
                      patch.employer(), d_.rules.max_employer_characters);
                  if (employer.ok()) {
                    change.updated.employer = *employer;
                  } else {
                    bad.Merge("member.employer", employer.status());
                  }
                } else if (path == "migrant_worker") {
                  change.updated.migrant_worker = patch.migrant_worker();
                } else if (path == "join_date") {
                  auto day = ParseDate(patch.join_date());
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
              change.audit_detail = {{"fields", fields}};
              return change;
            },
            response, mask_fields);
      });
}

grpc::Status MemberService::FindMemberByIdNumber(
    grpc::ServerContext* context,
    const v1::FindMemberByIdNumberRequest* request, v1::Member* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        // Any well-formed number may be looked up, whatever the age.
        auto id = person::ParseResidentId(
            std::string(absl::StripAsciiWhitespace(request->id_number())),
            d_.today(), person::AgePolicy{0, 200});
        if (!id.ok())
          return status::InvalidField("id_number",
                                      std::string(id.status().message()));
        // Roles that never read members are told so before any lookup.
        RETURN_IF_ERROR(d_.policy.CheckRead(caller, caller.org_path));
        // A member outside the caller's scope is answered exactly like an
        // unregistered number: whether someone is a member elsewhere, and
        // where, is not the caller's to learn.
        const absl::Status unknown = absl::NotFoundError(absl::StrCat(
            "no member has ID number ", person::MaskResidentId(id->number)));
        ASSIGN_OR_RETURN(std::optional<int64_t> member_id,
                         d_.members->FindIdByIdNumber(id->number));
        if (!member_id.has_value()) return unknown;
        ASSIGN_OR_RETURN(MemberRecord member, d_.members->Get(*member_id));
        if (!d_.policy.CheckRead(caller, member.org_path).ok()) return unknown;
        return Present(caller, std::move(member), request->reveal(), response);
      });
}

grpc::Status MemberService::VerifyMemberContact(
    grpc::ServerContext* context, const v1::VerifyMemberContactRequest* request,
    v1::MemberContactMatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(d_.policy.CheckVerifyContact(caller));
        auto id = person::ParseResidentId(
            std::string(absl::StripAsciiWhitespace(request->id_number())),
            d_.today(), person::AgePolicy{0, 200});
        if (!id.ok()) {
          return status::InvalidField("id_number",
                                      std::string(id.status().message()));
        }
        absl::StatusOr<std::string> mobile =
            person::NormalizeMobileNumber(request->mobile());
        if (!mobile.ok()) {
          return status::InvalidField("mobile",
                                      std::string(mobile.status().message()));
        }
        // One answer for every kind of mismatch: the caller learns only
        // that these details do not belong to a member in good standing.
        const absl::Status no_match = absl::NotFoundError(
            "no member in good standing has this ID number and mobile");
        ASSIGN_OR_RETURN(std::optional<int64_t> member_id,
                         d_.members->FindIdByIdNumber(id->number));
        if (!member_id.has_value()) return no_match;
        ASSIGN_OR_RETURN(MemberRecord member, d_.members->Get(*member_id));
        if (member.membership_status != MembershipStatus::kActive ||
            member.review_state == ReviewState::kRejected) {
          return no_match;
        }
        ASSIGN_OR_RETURN(bool matches,
                         d_.members->MobileMatches(member.id, *mobile));
        if (!matches) return no_match;
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
        // Only the roles that review get in at all; each member's scope is
        // then checked on its own (a per-member outcome).
        RETURN_IF_ERROR(d_.policy.CheckWrite(caller, caller.org_path));
        status::FieldErrors errors;
        if (request->member_ids().empty()) {
          errors.Add("member_ids", "is empty");
        } else if (request->member_ids_size() > kMaxReviewBatch) {
          errors.Add(
              "member_ids",
              absl::StrCat("has ", request->member_ids_size(), " ids; at most ",
                           kMaxReviewBatch, " per call"));
        }
        if (request->action() == v1::REVIEW_ACTION_UNSPECIFIED) {
          errors.Add("action",
                     "is required (VERIFY, RETURN, RESUBMIT, "
                     "APPROVE or REJECT)");
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(std::string batch_id,
                         db::RequestIdOrNew(request->request_id()));
        const auto action = static_cast<ReviewAction>(request->action());
        for (int64_t member_id : request->member_ids()) {
          v1::ReviewOutcome* outcome = response->add_outcomes();
          outcome->set_member_id(member_id);
          // Each member succeeds or fails on its own, and each is
          // deduplicated on its own when the batch is retried.
          absl::StatusOr<MemberRecord> result = d_.members->Change(
              caller, absl::StrCat(batch_id, ":", member_id), "ReviewMembers",
              member_id,
              [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
                if (!caller.Covers(current.org_path)) {
                  return absl::PermissionDeniedError(absl::StrCat(
                      "member ", current.id, " is outside your unit"));
                }
                ASSIGN_OR_RETURN(ReviewDecision decision,
                                 DecideReview(current, action, caller.role,
                                              request->reason()));
                MemberChange change;
                change.updated = current;
                change.updated.review_state = decision.next;
                change.updated.review_note = decision.note;
                change.kind = MemberChangeKind::kReviewed;
                change.audit_action = absl::StrCat(
                    "member.review.",
                    absl::AsciiStrToLower(ReviewActionName(action)));
                change.audit_detail = {
                    {"from", ReviewStateName(current.review_state)},
                    {"to", ReviewStateName(decision.next)},
                    {"reason", decision.note}};
                return change;
              });
          if (result.ok()) {
            outcome->set_review_state(
                static_cast<v1::ReviewState>(result->review_state));
            response->set_succeeded(response->succeeded() + 1);
          } else {
            outcome->set_code(static_cast<int>(result.status().code()));
            outcome->set_message(std::string(result.status().message()));
            response->set_failed(response->failed() + 1);
          }
        }
        d_.feed->NotifyAppended();
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
        // The releasing union moves the member; the receiving union may be
        // in any county (membership follows the person).
        ASSIGN_OR_RETURN(OrgUnit target, d_.orgs->Get(request->to_org_id()));
        if (target.level != OrgLevel::kGrassroots) {
          return status::InvalidField("to_org_id",
                                      "must be a grassroots union");
        }
        if (target.closed) {
          return absl::FailedPreconditionError(
              absl::StrCat("union ", target.id, " is closed"));
        }
        return ChangeMember(
            caller, request->request_id(), "TransferMember",
            request->member_id(),
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
              change.audit_detail = {{"from", current.org_id},
                                     {"to", target.id}};
              return change;
            },
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
        if (request->reason() == v1::END_REASON_UNSPECIFIED ||
            !v1::EndReason_IsValid(request->reason())) {
          return status::InvalidField(
              "reason", "is required: LEFT, RETIRED, DECEASED or OTHER");
        }
        if (absl::Status s = text::CheckText(request->note(), 200); !s.ok()) {
          return status::InvalidField("note", std::string(s.message()));
        }
        return ChangeMember(
            caller, request->request_id(), "EndMembership",
            request->member_id(),
            [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
              if (current.membership_status == MembershipStatus::kEnded) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "member ", current.id, "'s membership has already ended"));
              }
              MemberChange change;
              change.updated = current;
              change.updated.membership_status = MembershipStatus::kEnded;
              change.updated.end_reason =
                  static_cast<EndReason>(request->reason());
              change.kind = MemberChangeKind::kMembershipEnded;
              change.audit_action = "member.end";
              change.audit_detail = {
                  {"reason", v1::EndReason_Name(request->reason())},
                  {"note", request->note()}};
              return change;
            },
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
        return ChangeMember(
            caller, request->request_id(), "ReinstateMember",
            request->member_id(),
            [&](const MemberRecord& current) -> absl::StatusOr<MemberChange> {
              if (current.membership_status == MembershipStatus::kActive) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "member ", current.id, " is already an active member"));
              }
              if (current.end_reason == EndReason::kDeceased) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "member ", current.id, " was recorded as deceased"));
              }
              MemberChange change;
              change.updated = current;
              change.updated.membership_status = MembershipStatus::kActive;
              change.kind = MemberChangeKind::kReinstated;
              change.audit_action = "member.reinstate";
              return change;
            },
            response);
      });
}

grpc::Status MemberService::WatchEvents(
    grpc::ServerContext* context, const v1::WatchEventsRequest* request,
    grpc::ServerWriter<v1::MemberEvent>* writer) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        // The feed spans the whole city: only city-wide readers.
        RETURN_IF_ERROR(d_.policy.CheckRead(caller, "/city/"));
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
        const std::string org_id =
            request->org_id().empty() ? caller.org_id : request->org_id();
        ASSIGN_OR_RETURN(OrgUnit org, d_.orgs->Get(org_id));
        RETURN_IF_ERROR(d_.policy.CheckCount(caller, org.path));
        ASSIGN_OR_RETURN(std::vector<MemberCountRow> rows,
                         d_.members->Count(org.path, request->by_grassroots()));
        for (const MemberCountRow& row : rows) {
          v1::MemberCount* count = response->add_counts();
          count->set_org_id(row.org_id);
          count->set_county_id(row.county_id);
          count->set_review_state(
              static_cast<v1::ReviewState>(row.review_state));
          count->set_membership_status(
              static_cast<v1::MembershipStatus>(row.membership_status));
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
