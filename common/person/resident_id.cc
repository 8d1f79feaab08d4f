#include "common/person/resident_id.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace unioncard::person {
namespace {

constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                              3, 7, 9,  10, 5, 8, 4, 2};
constexpr char kCheckCharacters[] = "10X98765432";

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

char ResidentIdCheckCharacter(absl::string_view first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckCharacters[sum % 11];
}

int AgeOn(absl::CivilDay birth, absl::CivilDay on) {
  int years = static_cast<int>(on.year() - birth.year());
  if (on.month() < birth.month() ||
      (on.month() == birth.month() && on.day() < birth.day())) {
    --years;
  }
  return years;
}

absl::StatusOr<ResidentId> ParseResidentId(absl::string_view text,
                                           absl::CivilDay today,
                                           const AgePolicy& policy) {
  std::string number(text);
  if (number.size() == 15 && AllDigits(number)) {
    return absl::InvalidArgumentError(
        "this is a 15-digit first-generation ID number; enter the 18-digit "
        "number printed on the member's current ID card");
  }
  if (number.size() != 18) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be 18 characters, got ", number.size()));
  }
  if (number[17] == 'x') number[17] = 'X';
  if (!AllDigits(absl::string_view(number).substr(0, 17)) ||
      !(absl::ascii_isdigit(static_cast<unsigned char>(number[17])) ||
        number[17] == 'X')) {
    return absl::InvalidArgumentError(
        "must be 17 digits followed by a digit or X");
  }

  int year = 0, month = 0, day = 0;
  (void)absl::SimpleAtoi(number.substr(6, 4), &year);
  (void)absl::SimpleAtoi(number.substr(10, 2), &month);
  (void)absl::SimpleAtoi(number.substr(12, 2), &day);
  const absl::CivilDay birth(year, month, day);
  // CivilDay normalises 1990-02-30 to 1990-03-02; a real date survives.
  if (birth.year() != year || birth.month() != month || birth.day() != day) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "birth date %s in the number is not a real date", number.substr(6, 8)));
  }
  if (birth > today) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "birth date %04d-%02d-%02d in the number is in the future", year, month,
        day));
  }
  const int age = AgeOn(birth, today);
  if (age < policy.min_years || age > policy.max_years) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the number gives an age of %d; members must be %d to %d years old",
        age, policy.min_years, policy.max_years));
  }
  const char expected = ResidentIdCheckCharacter(number);
  if (number[17] != expected) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "check character is %c but the digits require %c; the number was "
        "probably mistyped",
        number[17], expected));
  }

  ResidentId id;
  id.region_code = number.substr(0, 6);
  id.birth_date = birth;
  id.gender = ((number[16] - '0') % 2 == 1) ? Gender::kMale : Gender::kFemale;
  id.number = std::move(number);
  return id;
}

std::string MaskResidentId(absl::string_view number) {
  if (number.size() != 18) return std::string(number.size(), '*');
  return absl::StrCat(number.substr(0, 6), "********", number.substr(14));
}

}  // namespace unioncard::person
