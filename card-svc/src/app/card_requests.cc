#include "card-svc/src/app/card_requests.h"

#include "card-svc/src/domain/eligibility.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<CardRecord> CardRequests::RequestCard(
    const std::string& request_id, int64_t member_id) {
  member::v1::GetMemberRequest request;
  request.set_id(member_id);
  member::v1::Member member;
  auto context = rpc::OutboundContext(absl::Seconds(5));
  rpc::SetBearerToken(*context, service_token_);
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      members_->GetMember(context.get(), request, &member)));
  RETURN_IF_ERROR(CheckCardEligibility(member));
  return cards_->Request(service_, request_id, member.id(), member.county_id(),
                         member.org_id());
}

}  // namespace unioncard::card
