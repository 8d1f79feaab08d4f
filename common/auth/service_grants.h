#ifndef UNIONCARD_COMMON_AUTH_SERVICE_GRANTS_H_
#define UNIONCARD_COMMON_AUTH_SERVICE_GRANTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"

namespace unioncard::auth {

// Service identities get least privilege: a token of role `service` is good
// only for the RPCs its subject calls in the system (docs/architecture.md
// §4, "Service identities") — card-svc reads members and the member feed,
// merchant-svc reads cards and the card feed, assessment-svc the two feeds and
// the service-item counts, the gateway checks members' contact details. Any
// other subject, or another RPC, is refused PERMISSION_DENIED before the
// handler runs, whatever the token's scope says.
//
// `method` is the full gRPC method name
// ("/unioncard.member.v1.MemberService/GetMember").
absl::Status CheckServiceGrant(const Principal& caller,
                               absl::string_view method);

// The declared table, for tests and docs: subject → full method names.
struct ServiceGrant {
  std::string subject;
  std::vector<std::string> methods;
};
const std::vector<ServiceGrant>& ServiceGrants();

}  // namespace unioncard::auth

#endif  // UNIONCARD_COMMON_AUTH_SERVICE_GRANTS_H_
