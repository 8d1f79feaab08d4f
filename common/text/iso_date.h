#ifndef UNIONCARD_COMMON_TEXT_ISO_DATE_H_
#define UNIONCARD_COMMON_TEXT_ISO_DATE_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace unioncard::text {

// Exactly "2026-12-01" / "2026-12": four-digit year, two-digit month and
// day, a date that exists. absl::ParseCivilTime alone also takes
// "+2026-1-12" and normalises it, so a typo would pass as another day
// (found by tests/fuzz/dates_fuzzer); these accept only text that prints
// back as itself.
std::optional<absl::CivilDay> ParseIsoDay(absl::string_view text);
std::optional<absl::CivilMonth> ParseIsoMonth(absl::string_view text);

}  // namespace unioncard::text

#endif  // UNIONCARD_COMMON_TEXT_ISO_DATE_H_
