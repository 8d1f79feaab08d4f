#ifndef UNIONCARD_COMMON_PERSON_RESIDENT_ID_H_
#define UNIONCARD_COMMON_PERSON_RESIDENT_ID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace unioncard::person {

// The 18-character citizen identity number of GB 11643-1999:
//   RRRRRR YYYYMMDD SSS C
//   region code, birth date, sequence (odd = male, even = female), and a
//   check character by ISO 7064 MOD 11-2 ('0'-'9' or 'X').
// Shared by member-svc (validation) and tools/datagen (generation), so both
// apply one rule.

enum class Gender { kMale, kFemale };

struct ResidentId {
  std::string number;  // normalised: 18 characters, upper-case X
  std::string region_code;
  // Where the region code points, "河北省沧州市运河区"; empty when the code is
  // in no GB/T 2260 list we hold (see UnknownRegionWarning).
  std::string region_name;
  absl::CivilDay birth_date;
  Gender gender;
};

// Configurable policy (docs/rules.md §3.2, §7): age at registration.
struct AgePolicy {
  int min_years = 16;
  int max_years = 100;
};

// The check character for the first 17 digits. Precondition: 17 ASCII digits.
char ResidentIdCheckCharacter(absl::string_view first17);

// Validates `text` as of `today`. Full-width digits and x (as Chinese input
// methods type them) are normalised to ASCII first. INVALID_ARGUMENT with a
// sentence a clerk can act on: wrong length in characters (15-digit legacy
// numbers named as such), non-digits, a region code outside the
// province-level codes of GB/T 2260 (a well-formed county code unknown to us
// is accepted: see UnknownRegionWarning), an impossible or future birth date,
// an age outside the policy, a wrong check character (saying which one the
// digits require).
absl::StatusOr<ResidentId> ParseResidentId(absl::string_view text,
                                           absl::CivilDay today,
                                           const AgePolicy& policy = {});

// For a number accepted whose region code (its first six digits; a masked
// number keeps them) is in no GB/T 2260 list we hold
// (a county code retired before 2002, or a mistyped digit that still gives a
// valid check character): a sentence asking the clerk to compare the number
// with the card. Empty when the region is known. Such numbers are accepted,
// not refused, because old ID cards keep retired codes for life.
std::string UnknownRegionWarning(absl::string_view region_code);

// Whole years between `birth` and `on`.
int AgeOn(absl::CivilDay birth, absl::CivilDay on);

// For display and logs: "130902********123X". Anything that is not 18
// characters is masked entirely.
std::string MaskResidentId(absl::string_view number);

}  // namespace unioncard::person

#endif  // UNIONCARD_COMMON_PERSON_RESIDENT_ID_H_
