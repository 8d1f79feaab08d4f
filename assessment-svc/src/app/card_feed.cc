#include "assessment-svc/src/app/card_feed.h"

#include "common/grpc/api_types.h"

namespace unioncard::assessment {

absl::Status HandleCardEvent(ProgressStore& progress,
                             const card::v1::CardEvent& event) {
  if (event.kind() != card::v1::CardEvent::KIND_CARD_CHANGED) {
    return absl::OkStatus();
  }
  const absl::CivilDay day =
      absl::ToCivilDay(rpc::FromTimestamp(event.time()), rpc::ChinaTime());
  const std::string& county = event.issued_county_id().empty()
                                  ? event.county_id()
                                  : event.issued_county_id();
  switch (event.state()) {
    case card::v1::CARD_STATE_ISSUED:
      if (event.previous_state() != card::v1::CARD_STATE_SUBMITTED) break;
      return progress.RecordIssued(event.card_id(), event.member_id(), county,
                                   day);
    case card::v1::CARD_STATE_ACTIVATED:
      if (event.previous_state() != card::v1::CARD_STATE_ISSUED) break;
      return progress.RecordActivated(event.card_id(), county, day);
    case card::v1::CARD_STATE_CANCELLED:
    case card::v1::CARD_STATE_REPLACED:
      return progress.RecordEnded(event.card_id(), day);
    default:
      break;
  }
  return absl::OkStatus();
}

}  // namespace unioncard::assessment
