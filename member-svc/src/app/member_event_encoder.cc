#include "member-svc/src/app/member_event_encoder.h"

#include "common/grpc/api_types.h"
#include "member/v1/member.pb.h"

namespace unioncard::member {
namespace {

// The feed's event types are the domain's numbers, stored in the outbox and
// sent as member.v1.MemberEventType: a renumbering must not build.
constexpr bool SameNumber(MemberChangeKind domain, v1::MemberEventType wire) {
  return static_cast<int>(domain) == static_cast<int>(wire);
}
static_assert(SameNumber(MemberChangeKind::kRegistered, v1::REGISTERED) &&
              SameNumber(MemberChangeKind::kReviewed, v1::REVIEWED) &&
              SameNumber(MemberChangeKind::kTransferred, v1::TRANSFERRED) &&
              SameNumber(MemberChangeKind::kMembershipEnded,
                         v1::MEMBERSHIP_ENDED) &&
              SameNumber(MemberChangeKind::kReinstated, v1::REINSTATED) &&
              SameNumber(MemberChangeKind::kUpdated, v1::UPDATED));

}  // namespace

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
  // The domain's numbers are the proto's (member.h).
  event.set_type(static_cast<v1::MemberEventType>(kind));
  event.set_member_id(m.id);
  event.set_org_id(m.org_id);
  event.set_county_id(m.county_id);
  event.set_from_org_id(from_org_id);
  event.set_from_county_id(from_county_id);
  event.set_review_state(static_cast<v1::ReviewState>(m.review_state));
  event.set_membership_status(
      static_cast<v1::MembershipStatus>(m.membership_status));
  if (m.membership_status == MembershipStatus::kEnded) {
    event.set_end_reason(static_cast<v1::EndReason>(m.end_reason));
  }
  rpc::SetTimestamp(at, event.mutable_time());
  return event.SerializeAsString();
}

}  // namespace unioncard::member
