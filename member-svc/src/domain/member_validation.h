#ifndef UNIONCARD_MEMBER_SVC_SRC_DOMAIN_MEMBER_VALIDATION_H_
#define UNIONCARD_MEMBER_SVC_SRC_DOMAIN_MEMBER_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/person/resident_id.h"

namespace unioncard::member {

// What a clerk enters for a new member, as text.
struct MemberInput {
  std::string name;
  std::string id_number;
  std::string mobile;
  std::string employer;
  bool migrant_worker = false;
  std::string join_date;  // YYYY-MM-DD; empty = today
};

// The same, checked and normalised.
struct ValidMember {
  std::string name;
  person::ResidentId id;
  std::string mobile;  // 11 digits
  std::string employer;
  bool migrant_worker = false;
  absl::CivilDay join_date;
};

// Configurable rules (docs/rules.md §3.2, §7).
struct MemberPolicy {
  person::AgePolicy age;
  int max_name_characters = 30;
  int max_employer_characters = 100;
};

// Every problem at once, each under its field name (name, id_number,
// mobile, employer, join_date): INVALID_ARGUMENT with field violations.
absl::StatusOr<ValidMember> ValidateMember(const MemberInput& input,
                                           absl::CivilDay today,
                                           const MemberPolicy& policy = {});

// What registration would make of an ID number today, before anyone is
// registered (docs/rules.md §3.2): the facts the number carries, and why
// RegisterMember would refuse it, if it would.
struct IdNumberVerdict {
  person::ResidentId id;             // region_name empty when unknown
  int age = 0;                       // whole years on `today`
  std::string registration_problem;  // "" when the number may register
  std::string warning;               // UnknownRegionWarning's sentence, or ""
};

// INVALID_ARGUMENT (no field name: callers add it) when the number is not
// a well-formed number at all, as FindMemberByIdNumber refuses it; a number
// that is well formed but outside the age policy is a verdict with a
// registration_problem, not an error.
absl::StatusOr<IdNumberVerdict> JudgeIdNumber(const std::string& text,
                                              absl::CivilDay today,
                                              const MemberPolicy& policy = {});

// A member's name: 1–30 characters, Chinese characters with the separator
// dot of transliterated names (阿卜杜拉·买买提); look-alike dots (•, ・) are
// turned into "·"; surrounding spaces are dropped. Returns the normalised
// name or INVALID_ARGUMENT (no field name: callers add it).
absl::StatusOr<std::string> NormalizeMemberName(const std::string& name,
                                                int max_characters = 30);

// The employer's name, trimmed; optional, at most `max_characters`.
absl::StatusOr<std::string> NormalizeEmployer(const std::string& employer,
                                              int max_characters = 100);

// "2016-03-01" → CivilDay; INVALID_ARGUMENT for anything else.
absl::StatusOr<absl::CivilDay> ParseDate(const std::string& text);

// Import spreadsheets say yes/no in many ways: 1/0, 是/否, yes/no, y/n,
// true/false; empty is no.
absl::StatusOr<bool> ParseYesNo(const std::string& text);

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_DOMAIN_MEMBER_VALIDATION_H_
