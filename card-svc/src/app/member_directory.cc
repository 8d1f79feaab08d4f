#include "card-svc/src/app/member_directory.h"

#include "common/grpc/client.h"
#include "common/grpc/enum_label.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::card {

CardApplicant ApplicantOf(const member::v1::Member& member) {
  return {member.id(),
          member.membership_status() == member::v1::MEMBERSHIP_STATUS_ACTIVE,
          member.review_state() == member::v1::REVIEW_STATE_CITY_APPROVED,
          rpc::EnumLabel(member.review_state())};
}
namespace {

constexpr absl::Duration kCallDeadline = absl::Seconds(10);

}  // namespace

MemberDirectory::MemberDirectory(
    std::shared_ptr<grpc::ChannelInterface> member_svc,
    std::string service_token)
    : members_(member::v1::MemberService::NewStub(member_svc)),
      orgs_(member::v1::OrgService::NewStub(member_svc)),
      service_token_(std::move(service_token)) {}

absl::StatusOr<member::v1::Member> MemberDirectory::GetMember(
    int64_t member_id) const {
  member::v1::GetMemberRequest request;
  request.set_id(member_id);
  member::v1::Member member;
  auto context = rpc::OutboundContext(kCallDeadline);
  rpc::SetBearerToken(*context, service_token_);
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      members_->GetMember(context.get(), request, &member)));
  return member;
}

absl::StatusOr<member::v1::OrgUnit> MemberDirectory::GetOrgUnit(
    const std::string& org_id) const {
  member::v1::GetOrgUnitRequest request;
  request.set_id(org_id);
  member::v1::OrgUnit unit;
  auto context = rpc::OutboundContext(kCallDeadline);
  rpc::SetBearerToken(*context, service_token_);
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(orgs_->GetOrgUnit(context.get(), request, &unit)));
  return unit;
}

absl::Status MemberDirectory::ForEachApprovedMember(
    const std::string& org_id,
    const std::function<absl::Status(const member::v1::Member&)>& visit) const {
  member::v1::ListMembersRequest request;
  request.set_org_id(org_id);
  request.set_review_state(member::v1::REVIEW_STATE_CITY_APPROVED);
  request.set_membership_status(member::v1::MEMBERSHIP_STATUS_ACTIVE);
  request.set_page_size(500);
  do {
    member::v1::ListMembersResponse page;
    auto context = rpc::OutboundContext(kCallDeadline);
    rpc::SetBearerToken(*context, service_token_);
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        members_->ListMembers(context.get(), request, &page)));
    for (const member::v1::Member& m : page.members()) {
      RETURN_IF_ERROR(visit(m));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

}  // namespace unioncard::card
