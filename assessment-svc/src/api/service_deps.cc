#include "assessment-svc/src/api/service_deps.h"

#include "absl/strings/str_cat.h"

namespace unioncard::assessment {

absl::Status CheckRead(const auth::Principal& caller) {
  using auth::Role;
  if (caller.role == Role::kMember || caller.role == Role::kPartnerBank ||
      caller.role == Role::kUnspecified) {
    return absl::PermissionDeniedError(absl::StrCat(
        auth::AccountOf(caller.role), " may not read assessment figures"));
  }
  return absl::OkStatus();
}

}  // namespace unioncard::assessment
