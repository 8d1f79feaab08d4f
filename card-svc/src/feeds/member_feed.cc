#include "card-svc/src/feeds/member_feed.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/enum_label.h"

namespace unioncard::card {

absl::Status HandleMemberEvent(CardStore& cards, const auth::Principal& service,
                               const member::v1::MemberEvent& event) {
  if (event.type() != member::v1::MEMBER_EVENT_TYPE_MEMBERSHIP_ENDED &&
      event.type() != member::v1::MEMBER_EVENT_TYPE_TRANSFERRED) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<CardRecord>> live =
      cards.LiveCardOf(event.member_id());
  if (!live.ok()) return live.status();
  if (!live->has_value()) return absl::OkStatus();  // no card: nothing to do
  const std::string request_id = absl::StrCat("member-feed:", event.sequence());
  const CardRecord& card = **live;

  if (event.type() == member::v1::MEMBER_EVENT_TYPE_TRANSFERRED) {
    return cards
        .MoveToUnion(service, request_id, card.id, event.county_id(),
                     event.org_id())
        .status();
  }
  const absl::Time at = event.has_time()
                            ? absl::FromUnixSeconds(event.time().seconds())
                            : absl::Now();
  return cards
      .Apply(service, request_id, card.id, CardEvent::kCancel, at,
             absl::StrCat("membership ended (",
                          rpc::EnumLabel(event.end_reason()), ")"),
             std::nullopt)
      .status();
}

}  // namespace unioncard::card
