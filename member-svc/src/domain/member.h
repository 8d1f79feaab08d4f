#ifndef UNIONCARD_MEMBER_SVC_SRC_DOMAIN_MEMBER_H_
#define UNIONCARD_MEMBER_SVC_SRC_DOMAIN_MEMBER_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/person/resident_id.h"

namespace unioncard::member {

// Numbering matches the proto enums (member/v1/member.proto) and the
// TINYINT columns.
enum class OrgLevel { kCity = 1, kCounty = 2, kGrassroots = 3 };

enum class ReviewState {
  kCollected = 1,
  kCountyVerified = 2,
  kCityApproved = 3,
  kReturned = 4,
  kRejected = 5,
};

enum class MembershipStatus { kActive = 1, kEnded = 2 };

enum class EndReason { kLeft = 1, kRetired = 2, kDeceased = 3, kOther = 4 };

// What happened to a member, as the change feed says it. The numbers are
// the feed's event types, stored with every event: never renumber.
enum class MemberChangeKind {
  kRegistered = 1,
  kReviewed = 2,
  kTransferred = 3,
  kMembershipEnded = 4,
  kReinstated = 5,
  kUpdated = 6,
};

// What became of one row of a bulk import (kPending: not decided yet).
enum class ImportRowOutcome { kPending, kCreated, kUnchanged, kFailed };

const char* ReviewStateName(ReviewState state);
// "LEFT", "RETIRED", "DECEASED", "OTHER": as the API and the audit name them.
const char* EndReasonName(EndReason reason);

struct OrgUnit {
  std::string id;
  std::string parent_id;
  OrgLevel level = OrgLevel::kGrassroots;
  std::string name;
  std::string path;       // "/city/cangxian/cangxian-g0001/"
  std::string county_id;  // "" for the city
  bool closed = false;
  absl::Time created_at;
};

// A member as the service holds it in memory. The ID number and mobile are
// in clear only when they were decrypted for a permitted reveal; otherwise
// they hold the masked forms.
struct MemberRecord {
  int64_t id = 0;
  std::string name;
  std::string id_number;  // masked unless revealed
  std::string mobile;     // masked unless revealed
  bool revealed = false;
  person::Gender gender = person::Gender::kMale;
  absl::CivilDay birth_date;
  std::string org_id;
  std::string org_path;
  std::string county_id;
  std::string employer;
  bool migrant_worker = false;
  absl::CivilDay join_date;
  ReviewState review_state = ReviewState::kCollected;
  std::string review_note;
  MembershipStatus membership_status = MembershipStatus::kActive;
  EndReason end_reason = EndReason::kOther;  // meaningful when ended
  absl::Time created_at;
  absl::Time updated_at;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_DOMAIN_MEMBER_H_
