#include "member-svc/src/domain/help_desk.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/text/utf8.h"

namespace unioncard::member {

const char* HelpStateName(HelpState state) {
  switch (state) {
    case HelpState::kSubmitted:
      return "HELP_SUBMITTED";
    case HelpState::kAccepted:
      return "HELP_ACCEPTED";
    case HelpState::kAnswered:
      return "HELP_ANSWERED";
    case HelpState::kClosed:
      return "HELP_CLOSED";
  }
  return "HELP_REQUEST_STATE_UNSPECIFIED";
}

absl::StatusOr<HelpState> NextHelpState(HelpState from, HelpAction action) {
  const auto refuse = [from](const char* what) {
    return absl::FailedPreconditionError(
        absl::StrCat("the request is ", HelpStateName(from), "; ", what));
  };
  if (from == HelpState::kClosed) return refuse("a closed request is final");
  switch (action) {
    case HelpAction::kAccept:
      if (from != HelpState::kSubmitted) {
        return refuse("only a submitted request is accepted");
      }
      return HelpState::kAccepted;
    case HelpAction::kAnswer:
      // A second answer would overwrite what the member may have read.
      if (from == HelpState::kAnswered) {
        return refuse("it was answered already; close it or ask the member");
      }
      return HelpState::kAnswered;
    case HelpAction::kClose:
      return HelpState::kClosed;
  }
  return absl::InvalidArgumentError("action is not a help action");
}

absl::Status CheckHelpText(const char* field, const std::string& text, int min,
                           int max) {
  if (absl::Status s = text::CheckText(text, max); !s.ok()) {
    return status::InvalidField(field, std::string(s.message()));
  }
  const size_t characters =
      text::DecodeUtf8(absl::StripAsciiWhitespace(text)).size();
  if (characters < static_cast<size_t>(min)) {
    return status::InvalidField(
        field, absl::StrCat("needs at least ", min, " characters"));
  }
  return absl::OkStatus();
}

}  // namespace unioncard::member
