#ifndef UNIONCARD_MEMBER_SVC_SRC_DOMAIN_HELP_DESK_H_
#define UNIONCARD_MEMBER_SVC_SRC_DOMAIN_HELP_DESK_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::member {

// Numbering matches member/v1/member_desk.proto and the TINYINT columns.
enum class HelpKind { kLegalAdvice = 1, kHardshipAssistance = 2 };
enum class HelpState {
  kSubmitted = 1,
  kAccepted = 2,
  kAnswered = 3,
  kClosed = 4
};
enum class HelpAction { kAccept = 1, kAnswer = 2, kClose = 3 };

// A member's request for help to their county union (docs/rules.md §9).
struct HelpRequestRecord {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string member_name;
  std::string org_id;
  std::string org_path;
  std::string county_id;
  HelpKind kind = HelpKind::kLegalAdvice;
  std::string subject;
  std::string body;
  HelpState state = HelpState::kSubmitted;
  std::string answer;
  std::string handled_by;
  absl::Time created_at;
  absl::Time updated_at;
};

// The state a request moves to, or FAILED_PRECONDITION saying why the
// action does not apply (a closed request takes nothing; an answered one
// may only be closed).
absl::StatusOr<HelpState> NextHelpState(HelpState from, HelpAction action);

const char* HelpStateName(HelpState state);

// INVALID_ARGUMENT naming `field` unless `text` has between `min` and
// `max` characters after trimming (valid UTF-8).
absl::Status CheckHelpText(const char* field, const std::string& text, int min,
                           int max);

// A notice published by the city ("city") or a county union.
struct NoticeRecord {
  int64_t id = 0;
  std::string org_id;
  std::string title;
  std::string body;
  std::string published_by;
  absl::Time published_at;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_DOMAIN_HELP_DESK_H_
