#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_ACCOUNT_RULES_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_ACCOUNT_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"

namespace unioncard::gateway {

// Staff accounts and who may manage whom (docs/architecture.md §7.2).
// Pure rules: the caller is the signed-in account, the target is the
// account being created or changed.

// Roles a staff account can hold. Members and services never log in here.
bool IsStaffRole(auth::Role role);

// The org level a role belongs to: city-wide roles sit at "/city/",
// county staff one level down, grassroots clerks two levels down.
// INVALID_ARGUMENT (field "org_id") when `org_path` is at another level.
absl::Status CheckRoleFitsPath(auth::Role role, absl::string_view org_path);

// The city admin creates city-level and county accounts (and grassroots
// clerks anywhere); county staff create grassroots clerks inside their own
// county only; nobody else creates accounts. Nobody grants a scope outside
// their own. PERMISSION_DENIED saying why.
absl::Status MayCreateAccount(const auth::Principal& caller, auth::Role role,
                              absl::string_view org_path);

// Disabling, resetting, unlocking, ending sessions: the same rule as
// creating such an account. Nobody manages their own account that way.
absl::Status MayManageAccount(const auth::Principal& caller,
                              absl::string_view caller_username,
                              absl::string_view target_username,
                              auth::Role target_role,
                              absl::string_view target_org_path);

// Usernames: 3–32 of [a-z0-9._-], starting with a letter.
absl::Status CheckUsername(absl::string_view username);

// Roles that may reveal personal data (and so should use a second factor).
bool MayRevealPersonalData(auth::Role role);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_ACCOUNT_RULES_H_
