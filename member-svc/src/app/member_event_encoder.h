#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_EVENT_ENCODER_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_EVENT_ENCODER_H_

#include "member-svc/src/store/member_feed_encoder.h"

namespace unioncard::member {

// member-svc's change feed as its readers (card-svc, assessment-svc) decode
// it: a serialized member.v1.MemberEvent per change.
class MemberEventEncoder final : public MemberFeedEncoder {
 public:
  // The one every store of a member-svc process shares (it keeps no state).
  static const MemberEventEncoder& Get();

  std::string MemberChanged(const MemberRecord& member, MemberChangeKind kind,
                            const std::string& from_org_id,
                            const std::string& from_county_id,
                            absl::Time at) const override;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_EVENT_ENCODER_H_
