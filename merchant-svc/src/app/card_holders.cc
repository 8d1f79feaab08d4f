#include "merchant-svc/src/app/card_holders.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::merchant {

absl::Status CardHolders::CheckHoldsCard(int64_t member_id) const {
  card::v1::GetMemberCardsRequest request;
  request.set_member_id(member_id);
  card::v1::MemberCards cards;
  auto context = rpc::OutboundContext(absl::Seconds(5));
  rpc::SetBearerToken(*context, service_token_);
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      cards_->GetMemberCards(context.get(), request, &cards)));
  for (const card::v1::MemberCard& c : cards.cards()) {
    if (c.card().id() == cards.live_card_id() && c.card().has_issue_time()) {
      return absl::OkStatus();
    }
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "member ", member_id,
      " holds no issued card; only card-holding members may rate merchants"));
}

}  // namespace unioncard::merchant
