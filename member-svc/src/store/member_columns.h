#ifndef UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_COLUMNS_H_
#define UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_COLUMNS_H_

#include "common/codec/enum_codec.h"
#include "common/person/resident_id.h"
#include "member-svc/src/domain/help_desk.h"
#include "member-svc/src/domain/member.h"

namespace unioncard::member {

// How member-svc's tables store its enums (store-internal;
// docs/architecture.md §2.2). The numbers are in rows already written:
// change a pair only with a migration.

// members.review_state.
inline constexpr auto kReviewStateColumn =
    codec::MakeEnumCodec<ReviewState, int>("review state",
                                           {{ReviewState::kCollected, 1},
                                            {ReviewState::kCountyVerified, 2},
                                            {ReviewState::kCityApproved, 3},
                                            {ReviewState::kReturned, 4},
                                            {ReviewState::kRejected, 5}});
static_assert(kReviewStateColumn.CoversRange(ReviewState::kCollected,
                                             ReviewState::kRejected));

// members.membership_status.
inline constexpr auto kMembershipStatusColumn =
    codec::MakeEnumCodec<MembershipStatus, int>(
        "membership status",
        {{MembershipStatus::kActive, 1}, {MembershipStatus::kEnded, 2}});
static_assert(kMembershipStatusColumn.CoversRange(MembershipStatus::kActive,
                                                  MembershipStatus::kEnded));

// members.end_reason; 0 while the membership is active.
inline constexpr auto kEndReasonColumn = codec::MakeEnumCodec<EndReason, int>(
    "end reason", {{EndReason::kLeft, 1},
                   {EndReason::kRetired, 2},
                   {EndReason::kDeceased, 3},
                   {EndReason::kOther, 4}});
static_assert(kEndReasonColumn.CoversRange(EndReason::kLeft,
                                           EndReason::kOther));
inline constexpr int kNoEndReason = 0;

// members.gender.
inline constexpr auto kGenderColumn = codec::MakeEnumCodec<person::Gender, int>(
    "gender", {{person::Gender::kMale, 1}, {person::Gender::kFemale, 2}});
static_assert(kGenderColumn.CoversRange(person::Gender::kMale,
                                        person::Gender::kFemale));

// org_units.level.
inline constexpr auto kOrgLevelColumn = codec::MakeEnumCodec<OrgLevel, int>(
    "org level",
    {{OrgLevel::kCity, 1}, {OrgLevel::kCounty, 2}, {OrgLevel::kGrassroots, 3}});
static_assert(kOrgLevelColumn.CoversRange(OrgLevel::kCity,
                                          OrgLevel::kGrassroots));

// event_outbox.kind of member events.
inline constexpr auto kMemberChangeKindColumn =
    codec::MakeEnumCodec<MemberChangeKind, int>(
        "member change", {{MemberChangeKind::kRegistered, 1},
                          {MemberChangeKind::kReviewed, 2},
                          {MemberChangeKind::kTransferred, 3},
                          {MemberChangeKind::kMembershipEnded, 4},
                          {MemberChangeKind::kReinstated, 5},
                          {MemberChangeKind::kUpdated, 6}});
static_assert(kMemberChangeKindColumn.CoversRange(MemberChangeKind::kRegistered,
                                                  MemberChangeKind::kUpdated));

// help_requests.kind and .state.
inline constexpr auto kHelpKindColumn = codec::MakeEnumCodec<HelpKind, int>(
    "help kind",
    {{HelpKind::kLegalAdvice, 1}, {HelpKind::kHardshipAssistance, 2}});
static_assert(kHelpKindColumn.CoversRange(HelpKind::kLegalAdvice,
                                          HelpKind::kHardshipAssistance));
inline constexpr auto kHelpStateColumn = codec::MakeEnumCodec<HelpState, int>(
    "help request state", {{HelpState::kSubmitted, 1},
                           {HelpState::kAccepted, 2},
                           {HelpState::kAnswered, 3},
                           {HelpState::kClosed, 4}});
static_assert(kHelpStateColumn.CoversRange(HelpState::kSubmitted,
                                           HelpState::kClosed));

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_COLUMNS_H_
