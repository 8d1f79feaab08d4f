#include "assessment-svc/src/app/member_feed.h"

#include "common/grpc/api_types.h"

namespace unioncard::assessment {

absl::Status HandleMemberEvent(ProgressStore& progress,
                               const member::v1::MemberEvent& event) {
  if (event.county_id().empty()) return absl::OkStatus();
  const bool counted =
      event.review_state() == member::v1::REVIEW_STATE_CITY_APPROVED &&
      event.membership_status() == member::v1::MEMBERSHIP_STATUS_ACTIVE;
  return progress.RecordMember(
      event.member_id(), event.county_id(), counted,
      absl::ToCivilDay(rpc::FromTimestamp(event.time()), rpc::ChinaTime()));
}

}  // namespace unioncard::assessment
