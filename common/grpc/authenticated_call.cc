#include "common/grpc/authenticated_call.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/service_grants.h"
#include "common/grpc/call_observer.h"

namespace unioncard::rpc {

absl::StatusOr<auth::Principal> AuthenticateCall(
    const grpc::ServerContext& context, const auth::TokenVerifier& verifier) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kAuthorizationMetadataKey);
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "missing authorization: send \"authorization: Bearer <token>\"");
  }
  absl::string_view value(it->second.data(), it->second.size());
  // Tokens are a few hundred bytes; nothing this long is one.
  constexpr size_t kMaxAuthorization = 8 << 10;
  if (value.size() > kMaxAuthorization) {
    return absl::UnauthenticatedError(
        absl::StrCat("authorization header too long (", value.size(),
                     " bytes; at most ", kMaxAuthorization, ")"));
  }
  if (!absl::ConsumePrefix(&value, "Bearer ")) {
    return absl::UnauthenticatedError(
        "authorization must be \"Bearer <token>\"");
  }
  absl::StatusOr<auth::Principal> principal =
      verifier.Verify(value, absl::Now());
  if (!principal.ok()) {
    log::Warn("call refused", {{"reason", principal.status().message()}});
    return principal;
  }
  SetCurrentCaller(
      principal->subject,
      absl::StrCat(auth::RoleName(principal->role), " ", principal->org_path));
  // Least privilege for service identities, per RPC.
  if (absl::Status granted =
          auth::CheckServiceGrant(*principal, CurrentMethod());
      !granted.ok()) {
    log::Warn("call refused", {{"caller", principal->subject},
                               {"method", std::string(CurrentMethod())},
                               {"reason", granted.message()}});
    return granted;
  }
  return principal;
}

}  // namespace unioncard::rpc
