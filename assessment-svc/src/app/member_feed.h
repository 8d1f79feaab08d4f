#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_MEMBER_FEED_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_MEMBER_FEED_H_

#include "absl/status/status.h"
#include "assessment-svc/src/store/progress_store.h"
#include "member/v1/member.pb.h"

namespace unioncard::assessment {

// What assessment-svc takes from member-svc's feed: after every event, is
// the member a real-name member (CITY_APPROVED and ACTIVE), and in which
// county — from the event's day (China time). Registrations, reviews,
// transfers, ends and reinstatements all carry the state after them.
absl::Status HandleMemberEvent(ProgressStore& progress,
                               const member::v1::MemberEvent& event);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_MEMBER_FEED_H_
