#include "common/auth/principal.h"

#include <sodium.h>

#include <array>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace unioncard::auth {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 8> kRoleNames = {{
    {Role::kCityAdmin, "city_admin"},
    {Role::kCountyStaff, "county_staff"},
    {Role::kGrassrootsStaff, "grassroots_staff"},
    {Role::kAssessor, "assessor"},
    {Role::kAuditor, "auditor"},
    {Role::kPartnerBank, "partner_bank"},
    {Role::kMember, "member"},
    {Role::kService, "service"},
}};

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "unspecified";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown role \"", name,
      "\"; expected one of city_admin, county_staff, grassroots_staff, "
      "assessor, auditor, partner_bank, member, service"));
}

bool Principal::Covers(absl::string_view target_org_path) const {
  return IsValidOrgPath(org_path) && IsValidOrgPath(target_org_path) &&
         absl::StartsWith(target_org_path, org_path);
}

bool IsValidOrgPath(absl::string_view org_path) {
  if (org_path.size() < 2 || org_path.front() != '/' ||
      org_path.back() != '/') {
    return false;
  }
  char previous = '/';
  for (size_t i = 1; i < org_path.size(); ++i) {
    const char c = org_path[i];
    if (c == '/') {
      if (previous == '/') return false;  // empty segment
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                 c == '-')) {
      return false;
    }
    previous = c;
  }
  return true;
}

std::string AccountOf(Role role) {
  const absl::string_view name = RoleName(role);
  const bool vowel =
      !name.empty() &&
      absl::string_view("aeiou").find(name.front()) != absl::string_view::npos;
  return absl::StrCat(vowel ? "an " : "a ", name, " account");
}

absl::Status RequireRoleInScope(const Principal& caller,
                                std::initializer_list<Role> roles,
                                absl::string_view org_path,
                                absl::string_view what) {
  bool role_ok = false;
  for (Role r : roles) role_ok = role_ok || caller.role == r;
  if (!role_ok) {
    return absl::PermissionDeniedError(
        absl::StrCat(AccountOf(caller.role), " may not ", what));
  }
  if (!caller.Covers(org_path)) {
    return absl::PermissionDeniedError(absl::StrCat(
        org_path, " is outside your unit ", caller.org_path, "; you may only ",
        what, " in your unit and the units under it"));
  }
  return absl::OkStatus();
}

std::string CountyOf(const Principal& caller) {
  std::vector<std::string> parts =
      absl::StrSplit(caller.org_path, '/', absl::SkipEmpty());
  return parts.size() >= 2 ? parts[1] : "";
}

std::string CallerKey(const Principal& caller) {
  std::string key = absl::StrCat(RoleName(caller.role), "|", caller.org_path,
                                 "|", caller.subject);
  if (key.size() <= 128) return key;
  unsigned char hash[32];
  crypto_generichash(hash, sizeof hash,
                     reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), nullptr, 0);
  return absl::StrCat(key.substr(0, 60), "#",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(hash), sizeof hash)));
}

bool IsMemberSelf(const Principal& caller, int64_t member_id) {
  return caller.role == Role::kMember && member_id > 0 &&
         caller.subject == std::to_string(member_id);
}

}  // namespace unioncard::auth
