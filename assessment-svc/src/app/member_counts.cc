#include "assessment-svc/src/app/member_counts.h"

#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::StatusOr<std::map<std::string, int64_t>> MemberCounts::RealNameMembers()
    const {
  member::v1::CountMembersRequest request;
  request.set_org_id("city");
  member::v1::CountMembersResponse response;
  auto context = rpc::OutboundContext(absl::Seconds(10));
  rpc::SetBearerToken(*context, service_token_);
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      stub_->CountMembers(context.get(), request, &response)));
  std::map<std::string, int64_t> members;
  for (const member::v1::MemberCount& c : response.counts()) {
    if (c.review_state() == member::v1::CITY_APPROVED &&
        c.membership_status() == member::v1::ACTIVE) {
      members[c.county_id()] += c.members();
    }
  }
  return members;
}

}  // namespace unioncard::assessment
