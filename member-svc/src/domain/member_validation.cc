#include "member-svc/src/domain/member_validation.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/person/mobile_number.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/iso_date.h"
#include "common/text/utf8.h"

namespace unioncard::member {
namespace {

constexpr char32_t kSeparatorDot = 0x00B7;

bool IsChineseCharacter(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK Unified Ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // Extension A
         (cp >= 0x20000 && cp <= 0x2EBEF) ||  // Extensions B–F (rare names)
         cp == 0x3007;                        // 〇
}

}  // namespace

absl::StatusOr<std::string> NormalizeMemberName(const std::string& raw,
                                                int max_characters) {
  if (!text::IsValidUtf8(raw)) {
    return absl::InvalidArgumentError("is not valid UTF-8 text");
  }
  std::string name(absl::StripAsciiWhitespace(raw));
  name = absl::StrReplaceAll(name, {{"\u2022", "\u00B7"},    // •
                                    {"\u30FB", "\u00B7"},    // ・
                                    {"\u2027", "\u00B7"},    // ‧
                                    {"\uFF0E", "\u00B7"}});  // ．
  const std::vector<char32_t> cps = text::DecodeUtf8(name);
  if (cps.empty()) return absl::InvalidArgumentError("is required");
  if (static_cast<int>(cps.size()) > max_characters) {
    return absl::InvalidArgumentError(absl::StrCat(
        "is ", cps.size(), " characters; at most ", max_characters));
  }
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == kSeparatorDot) {
      if (i == 0 || i + 1 == cps.size() || cps[i - 1] == kSeparatorDot) {
        return absl::InvalidArgumentError(
            "the dot · may only stand between two parts of a name");
      }
    } else if (!IsChineseCharacter(cps[i])) {
      return absl::InvalidArgumentError(
          "may contain only Chinese characters and the dot · (as in "
          "阿卜杜拉·买买提), as written on the ID card");
    }
  }
  return name;
}

absl::StatusOr<std::string> NormalizeEmployer(const std::string& raw,
                                              int max_characters) {
  std::string employer(absl::StripAsciiWhitespace(raw));
  if (absl::Status s = text::CheckText(employer, max_characters); !s.ok()) {
    return s;
  }
  return employer;
}

absl::StatusOr<absl::CivilDay> ParseDate(const std::string& text) {
  std::optional<absl::CivilDay> day = text::ParseIsoDay(text);
  if (!day) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", status::Echo(text), "\" is not a date in the form 2016-03-01"));
  }
  return *day;
}

absl::StatusOr<bool> ParseYesNo(const std::string& raw) {
  const std::string text =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
  if (text.empty() || text == "0" || text == "否" || text == "no" ||
      text == "n" || text == "false") {
    return false;
  }
  if (text == "1" || text == "是" || text == "yes" || text == "y" ||
      text == "true") {
    return true;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", status::Echo(raw), "\" is not yes or no (use 是/否 or 1/0)"));
}

absl::StatusOr<IdNumberVerdict> JudgeIdNumber(const std::string& text,
                                              absl::CivilDay today,
                                              const MemberPolicy& policy) {
  const std::string number(absl::StripAsciiWhitespace(text));
  // Any age first: the facts of a well-formed number are worth showing
  // even when registration would refuse it.
  ASSIGN_OR_RETURN(
      person::ResidentId id,
      person::ParseResidentId(number, today, person::AgePolicy{0, 200}));
  IdNumberVerdict verdict;
  verdict.age = person::AgeOn(id.birth_date, today);
  verdict.warning = person::UnknownRegionWarning(id.region_code);
  if (absl::StatusOr<person::ResidentId> as_member =
          person::ParseResidentId(number, today, policy.age);
      !as_member.ok()) {
    verdict.registration_problem = std::string(as_member.status().message());
  }
  verdict.id = std::move(id);
  return verdict;
}

absl::StatusOr<ValidMember> ValidateMember(const MemberInput& input,
                                           absl::CivilDay today,
                                           const MemberPolicy& policy) {
  status::FieldErrors errors;
  ValidMember out;

  absl::StatusOr<std::string> name =
      NormalizeMemberName(input.name, policy.max_name_characters);
  if (name.ok()) {
    out.name = *name;
  } else {
    errors.Merge("name", name.status());
  }

  absl::StatusOr<person::ResidentId> id = person::ParseResidentId(
      std::string(absl::StripAsciiWhitespace(input.id_number)), today,
      policy.age);
  if (id.ok()) {
    out.id = *id;
  } else {
    errors.Merge("id_number", id.status());
  }

  absl::StatusOr<std::string> mobile =
      person::NormalizeMobileNumber(input.mobile);
  if (mobile.ok()) {
    out.mobile = *mobile;
  } else {
    errors.Merge("mobile", mobile.status());
  }

  absl::StatusOr<std::string> employer =
      NormalizeEmployer(input.employer, policy.max_employer_characters);
  if (employer.ok()) {
    out.employer = *employer;
  } else {
    errors.Merge("employer", employer.status());
  }
  out.migrant_worker = input.migrant_worker;

  if (input.join_date.empty()) {
    out.join_date = today;
  } else if (absl::StatusOr<absl::CivilDay> join = ParseDate(input.join_date);
             !join.ok()) {
    errors.Merge("join_date", join.status());
  } else if (*join > today) {
    errors.Add("join_date", "is in the future");
  } else if (id.ok() && *join < id->birth_date) {
    errors.Add("join_date", "is before the member's birth date");
  } else {
    out.join_date = *join;
  }

  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;
  return out;
}

}  // namespace unioncard::member
