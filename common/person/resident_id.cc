#include "common/person/resident_id.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/person/region_code.h"
#include "common/text/utf8.h"

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

// Province-level codes of GB/T 2260 (the first two digits of the region
// code): 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71 (Taiwan), 81 (Hong
// Kong), 82 (Macao); and 83, which is no GB/T 2260 province but begins the
// residence permits of Taiwan residents (830000…, since 2018, beside
// 810000… and 820000… for Hong Kong and Macao): they are numbered and
// checked as ID cards and their holders may join. An unknown province is
// refused; an unknown county code under a known province is accepted with a
// warning (region_code.h).
bool IsProvinceCode(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
         (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
         (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82 || code == 83;
}

// Chinese input methods and copies from Word often give full-width digits
// (U+FF10-U+FF19) and a full-width x (U+FF58, U+FF38). They mean the same
// number, so they are normalised to ASCII here rather than refused; any other
// character is left for the checks below to refuse.
std::string NormaliseFullWidth(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xEF && i + 2 < text.size()) {
      const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
      const unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
      if (c1 == 0xBC && c2 >= 0x90 && c2 <= 0x99) {  // ０-９
        out.push_back(static_cast<char>('0' + (c2 - 0x90)));
        i += 2;
        continue;
      }
      if ((c1 == 0xBC && c2 == 0xB8) || (c1 == 0xBD && c2 == 0x98)) {  // Ｘｘ
        out.push_back('X');
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// The length in characters, as a clerk counts them (never bytes).
absl::StatusOr<int> CharacterCount(absl::string_view text) {
  if (!text::IsValidUtf8(text)) {
    return absl::InvalidArgumentError(
        "is not valid text; type the 18 digits (or X) again");
  }
  return static_cast<int>(text::DecodeUtf8(text).size());
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
  std::string number = NormaliseFullWidth(text);
  if (number.size() == 15 && AllDigits(number)) {
    return absl::InvalidArgumentError(
        "this is a 15-digit first-generation ID number; enter the 18-digit "
        "number printed on the member's current ID card");
  }
  constexpr char kNotDigits[] = "must be 17 digits followed by a digit or X";
  if (number.size() != 18) {
    absl::StatusOr<int> characters = CharacterCount(number);
    if (!characters.ok()) return characters.status();
    // 18 characters but not 18 bytes: a letter or Chinese character inside.
    if (*characters == 18) return absl::InvalidArgumentError(kNotDigits);
    return absl::InvalidArgumentError(
        absl::StrCat("must be 18 characters, got ", *characters));
  }
  if (number[17] == 'x') number[17] = 'X';
  if (!AllDigits(absl::string_view(number).substr(0, 17)) ||
      !(absl::ascii_isdigit(static_cast<unsigned char>(number[17])) ||
        number[17] == 'X')) {
    return absl::InvalidArgumentError(kNotDigits);
  }
  const int province = (number[0] - '0') * 10 + (number[1] - '0');
  if (!IsProvinceCode(province)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "region code %s starts with %02d, which is not a province of GB/T "
        "2260 (Hebei is 13); check the first digits against the ID card",
        number.substr(0, 6), province));
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
  id.region_name = RegionName(id.region_code).value_or("");
  id.birth_date = birth;
  id.gender = ((number[16] - '0') % 2 == 1) ? Gender::kMale : Gender::kFemale;
  id.number = std::move(number);
  return id;
}

std::string UnknownRegionWarning(absl::string_view region_code) {
  if (RegionName(region_code).has_value()) return "";
  return absl::StrFormat(
      "region code %s is in no list of GB/T 2260 since 2002; accepted, as "
      "old ID cards keep retired codes, but compare the first six digits "
      "with the card",
      region_code);
}

std::string MaskResidentId(absl::string_view number) {
  if (number.size() != 18) return std::string(number.size(), '*');
  return absl::StrCat(number.substr(0, 6), "********", number.substr(14));
}

}  // namespace unioncard::person
