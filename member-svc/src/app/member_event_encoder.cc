#include "member-svc/src/app/member_event_encoder.h"

#include "common/grpc/api_types.h"
#include "member-svc/src/app/member_api_codecs.h"
#include "member/v1/member.pb.h"

namespace unioncard::member {

const MemberEventEncoder& MemberEventEncoder::Get() {
  static const MemberEventEncoder* const encoder = new MemberEventEncoder();
  return *encoder;
}

std::string MemberEventEncoder::MemberChanged(const MemberRecord& m,
                                              MemberChangeKind kind,
                                              const std::string& from_org_id,
                                              const std::string& from_county_id,
                                              absl::Time at) const {
  v1::MemberEvent event;
  event.set_type(kMemberEventTypeApi.Encode(kind));
  event.set_member_id(m.id);
  event.set_org_id(m.org_id);
  event.set_county_id(m.county_id);
  event.set_from_org_id(from_org_id);
  event.set_from_county_id(from_county_id);
  event.set_review_state(kReviewStateApi.Encode(m.review_state));
  event.set_membership_status(kMembershipStatusApi.Encode(m.membership_status));
  if (m.membership_status == MembershipStatus::kEnded) {
    event.set_end_reason(kEndReasonApi.Encode(m.end_reason));
  }
  rpc::SetTimestamp(at, event.mutable_time());
  return event.SerializeAsString();
}

}  // namespace unioncard::member
