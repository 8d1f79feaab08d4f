#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_API_CODECS_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_API_CODECS_H_

#include "common/codec/enum_codec.h"
#include "member-svc/src/domain/help_desk.h"
#include "member-svc/src/domain/member.h"
#include "member-svc/src/domain/review_pipeline.h"
#include "member/v1/member.pb.h"
#include "member/v1/member_desk.pb.h"

namespace unioncard::member {

// The domain's enums as member.v1 names them, for the API and the change
// feed's payloads (docs/architecture.md §2.2; the store has its own tables
// for the database).

inline constexpr auto kReviewStateApi =
    codec::MakeEnumCodec<ReviewState, v1::ReviewState>(
        "review state",
        {{ReviewState::kCollected, v1::REVIEW_STATE_COLLECTED},
         {ReviewState::kCountyVerified, v1::REVIEW_STATE_COUNTY_VERIFIED},
         {ReviewState::kCityApproved, v1::REVIEW_STATE_CITY_APPROVED},
         {ReviewState::kReturned, v1::REVIEW_STATE_RETURNED},
         {ReviewState::kRejected, v1::REVIEW_STATE_REJECTED}});
static_assert(kReviewStateApi.CoversRange(ReviewState::kCollected,
                                          ReviewState::kRejected));

inline constexpr auto kMembershipStatusApi =
    codec::MakeEnumCodec<MembershipStatus, v1::MembershipStatus>(
        "membership status",
        {{MembershipStatus::kActive, v1::MEMBERSHIP_STATUS_ACTIVE},
         {MembershipStatus::kEnded, v1::MEMBERSHIP_STATUS_ENDED}});
static_assert(kMembershipStatusApi.CoversRange(MembershipStatus::kActive,
                                               MembershipStatus::kEnded));

inline constexpr auto kEndReasonApi =
    codec::MakeEnumCodec<EndReason, v1::EndReason>(
        "end reason", {{EndReason::kLeft, v1::END_REASON_LEFT},
                       {EndReason::kRetired, v1::END_REASON_RETIRED},
                       {EndReason::kDeceased, v1::END_REASON_DECEASED},
                       {EndReason::kOther, v1::END_REASON_OTHER}});
static_assert(kEndReasonApi.CoversRange(EndReason::kLeft, EndReason::kOther));

inline constexpr auto kOrgLevelApi =
    codec::MakeEnumCodec<OrgLevel, v1::OrgLevel>(
        "org level", {{OrgLevel::kCity, v1::ORG_LEVEL_CITY},
                      {OrgLevel::kCounty, v1::ORG_LEVEL_COUNTY},
                      {OrgLevel::kGrassroots, v1::ORG_LEVEL_GRASSROOTS}});
static_assert(kOrgLevelApi.CoversRange(OrgLevel::kCity, OrgLevel::kGrassroots));

inline constexpr auto kReviewActionApi =
    codec::MakeEnumCodec<ReviewAction, v1::ReviewAction>(
        "review action", {{ReviewAction::kVerify, v1::REVIEW_ACTION_VERIFY},
                          {ReviewAction::kReturn, v1::REVIEW_ACTION_RETURN},
                          {ReviewAction::kResubmit, v1::REVIEW_ACTION_RESUBMIT},
                          {ReviewAction::kApprove, v1::REVIEW_ACTION_APPROVE},
                          {ReviewAction::kReject, v1::REVIEW_ACTION_REJECT}});
static_assert(kReviewActionApi.CoversRange(ReviewAction::kVerify,
                                           ReviewAction::kReject));

// The feed's event types (member.v1.MemberEventType).
inline constexpr auto kMemberEventTypeApi =
    codec::MakeEnumCodec<MemberChangeKind, v1::MemberEventType>(
        "member event type",
        {{MemberChangeKind::kRegistered, v1::MEMBER_EVENT_TYPE_REGISTERED},
         {MemberChangeKind::kReviewed, v1::MEMBER_EVENT_TYPE_REVIEWED},
         {MemberChangeKind::kTransferred, v1::MEMBER_EVENT_TYPE_TRANSFERRED},
         {MemberChangeKind::kMembershipEnded,
          v1::MEMBER_EVENT_TYPE_MEMBERSHIP_ENDED},
         {MemberChangeKind::kReinstated, v1::MEMBER_EVENT_TYPE_REINSTATED},
         {MemberChangeKind::kUpdated, v1::MEMBER_EVENT_TYPE_UPDATED}});
static_assert(kMemberEventTypeApi.CoversRange(MemberChangeKind::kRegistered,
                                              MemberChangeKind::kUpdated));

inline constexpr auto kHelpKindApi =
    codec::MakeEnumCodec<HelpKind, v1::HelpKind>(
        "help kind",
        {{HelpKind::kLegalAdvice, v1::HELP_KIND_LEGAL_ADVICE},
         {HelpKind::kHardshipAssistance, v1::HELP_KIND_HARDSHIP_ASSISTANCE}});
static_assert(kHelpKindApi.CoversRange(HelpKind::kLegalAdvice,
                                       HelpKind::kHardshipAssistance));

inline constexpr auto kHelpStateApi =
    codec::MakeEnumCodec<HelpState, v1::HelpRequestState>(
        "help request state",
        {{HelpState::kSubmitted, v1::HELP_REQUEST_STATE_SUBMITTED},
         {HelpState::kAccepted, v1::HELP_REQUEST_STATE_ACCEPTED},
         {HelpState::kAnswered, v1::HELP_REQUEST_STATE_ANSWERED},
         {HelpState::kClosed, v1::HELP_REQUEST_STATE_CLOSED}});
static_assert(kHelpStateApi.CoversRange(HelpState::kSubmitted,
                                        HelpState::kClosed));

inline constexpr auto kHelpActionApi =
    codec::MakeEnumCodec<HelpAction, v1::HelpAction>(
        "help action", {{HelpAction::kAccept, v1::HELP_ACTION_ACCEPT},
                        {HelpAction::kAnswer, v1::HELP_ACTION_ANSWER},
                        {HelpAction::kClose, v1::HELP_ACTION_CLOSE}});
static_assert(kHelpActionApi.CoversRange(HelpAction::kAccept,
                                         HelpAction::kClose));

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_API_CODECS_H_
