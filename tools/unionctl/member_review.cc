#include "tools/unionctl/member_review.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::unionctl {

absl::StatusOr<ReviewSummary> ReviewWaitingMembers(
    member::v1::MemberService::StubInterface& stub, const std::string& org_id,
    member::v1::ReviewAction action, const std::string& token) {
  if (action != member::v1::REVIEW_ACTION_VERIFY &&
      action != member::v1::REVIEW_ACTION_APPROVE) {
    return absl::InvalidArgumentError("--action must be verify or approve");
  }
  member::v1::ListMembersRequest list;
  list.set_org_id(org_id);
  list.set_review_state(action == member::v1::REVIEW_ACTION_VERIFY
                            ? member::v1::REVIEW_STATE_COLLECTED
                            : member::v1::REVIEW_STATE_COUNTY_VERIFIED);
  list.set_membership_status(member::v1::MEMBERSHIP_STATUS_ACTIVE);
  list.set_page_size(500);
  ReviewSummary summary;
  std::vector<int64_t> waiting;
  auto review = [&]() -> absl::Status {
    member::v1::ReviewMembersRequest request;
    for (int64_t id : waiting) request.add_member_ids(id);
    request.set_action(action);
    member::v1::ReviewMembersResponse response;
    auto context = rpc::OutboundContext(absl::Seconds(60));
    rpc::SetBearerToken(*context, token);
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        stub.ReviewMembers(context.get(), request, &response)));
    for (const auto& result : response.outcomes()) {
      if (result.code() == 0) {
        ++summary.moved;
      } else {
        if (summary.failed++ == 0) {
          summary.first_failure = absl::StrCat("member ", result.member_id(),
                                               ": ", result.message());
        }
      }
    }
    waiting.clear();
    return absl::OkStatus();
  };
  do {
    member::v1::ListMembersResponse page;
    auto context = rpc::OutboundContext(absl::Seconds(30));
    rpc::SetBearerToken(*context, token);
    RETURN_IF_ERROR(
        rpc::FromGrpcStatus(stub.ListMembers(context.get(), list, &page)));
    for (const auto& m : page.members()) waiting.push_back(m.id());
    if (waiting.size() >= 1000) RETURN_IF_ERROR(review());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  if (!waiting.empty()) RETURN_IF_ERROR(review());
  return summary;
}

}  // namespace unioncard::unionctl
