#ifndef UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_FEED_ENCODER_H_
#define UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_FEED_ENCODER_H_

#include <string>

#include "absl/time/time.h"
#include "member-svc/src/domain/member.h"

namespace unioncard::member {

// The payload of an event on member-svc's change feed. MemberStore decides
// when one is written (in the transaction of the change); the encoder,
// given to it by the service, decides the wire form (member.v1.MemberEvent),
// so that the store knows rows and domain types, not protos
// (docs/architecture.md §2).
class MemberFeedEncoder {
 public:
  virtual ~MemberFeedEncoder() = default;
  // `member` as it is after the change; the `from_` ids for a transfer.
  virtual std::string MemberChanged(const MemberRecord& member,
                                    MemberChangeKind kind,
                                    const std::string& from_org_id,
                                    const std::string& from_county_id,
                                    absl::Time at) const = 0;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_FEED_ENCODER_H_
