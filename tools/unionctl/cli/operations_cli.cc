// unionctl health | services HOST:PORT | keys generate DIR | token issue
#include <algorithm>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/auth/service_grants.h"
#include "common/auth/token.h"
#include "common/config/secret_source.h"
#include "common/grpc/client.h"
#include "common/grpc/reflection_client.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"
#include "tools/unionctl/health_check.h"
#include "tools/unionctl/key_files.h"

ABSL_FLAG(std::string, services,
          "member-svc=127.0.0.1:50051,card-svc=127.0.0.1:50052,"
          "merchant-svc=127.0.0.1:50053,assessment-svc=127.0.0.1:50054",
          "health: name=host:port of each service to check");
ABSL_FLAG(int, timeout_ms, 3000, "health, services: deadline of each call");
ABSL_FLAG(std::string, signing_key, ".local/keys/token_signing.json",
          "token issue: the signing key, file:PATH or env:NAME");
ABSL_FLAG(std::string, subject, "", "token issue: the subject (account name)");
ABSL_FLAG(std::string, org_path, "",
          "token issue: the org path, e.g. /city/cangxian/");
ABSL_FLAG(int, ttl_minutes, 60, "token issue: lifetime in minutes");

namespace unioncard::unionctl {
namespace {

int Health() {
  auto targets = ParseServiceTargets(absl::GetFlag(FLAGS_services));
  if (!targets.ok()) return Fail(targets.status());
  auto results = CheckHealth(
      *targets, absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  std::fputs(FormatHealthTable(results).c_str(), stdout);
  for (const auto& r : results) {
    if (!r.serving) return 1;
  }
  return 0;
}

int Services(const std::string& address) {
  auto names = rpc::ListServicesByReflection(
      rpc::MakeChannel(address),
      absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  if (!names.ok()) return Fail(names.status());
  for (const std::string& name : *names) std::printf("%s\n", name.c_str());
  return 0;
}

int GenerateKeys(const std::string& dir) {
  absl::Status s = GenerateKeyFiles(dir);
  if (!s.ok()) return Fail(s);
  std::printf("wrote %s/{token_signing,token_verify,data_keys}.json\n",
              dir.c_str());
  return 0;
}

int IssueToken() {
  auto key_json = config::ReadSecret(absl::GetFlag(FLAGS_signing_key));
  if (!key_json.ok()) return Fail(key_json.status());
  auto key = auth::SigningKeyFromJson(*key_json);
  if (!key.ok()) return Fail(key.status());
  auth::Principal principal;
  auto role = auth::ParseRole(absl::GetFlag(FLAGS_role));
  if (!role.ok()) return Fail(role.status());
  principal.role = *role;
  principal.subject = absl::GetFlag(FLAGS_subject);
  principal.org_id = absl::GetFlag(FLAGS_org);
  principal.org_path = absl::GetFlag(FLAGS_org_path);
  if (principal.subject.empty() || principal.org_id.empty() ||
      !auth::IsValidOrgPath(principal.org_path)) {
    return Fail(absl::InvalidArgumentError(
        "--subject, --org and a valid --org_path (/city/…/) are required"));
  }
  if (principal.role == auth::Role::kService) {
    // A service token for a subject no service grant names would be
    // refused by every RPC: say so now.
    const auto& grants = auth::ServiceGrants();
    if (std::none_of(grants.begin(), grants.end(), [&](const auto& grant) {
          return grant.subject == principal.subject;
        })) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          "--subject=", principal.subject,
          ": service tokens are for card-svc, merchant-svc, assessment-svc "
          "or gateway (common/auth/service_grants.cc)")));
    }
  }
  std::printf(
      "%s\n",
      auth::TokenSigner(*key)
          .Issue(principal, absl::Minutes(absl::GetFlag(FLAGS_ttl_minutes)))
          .c_str());
  return 0;
}

}  // namespace

void AddOperationsCommands(CommandTable& table) {
  table.push_back({{"health"},
                   {},
                   "[--services=name=host:port,…]",
                   "is every service SERVING? (exit 1 if not)",
                   [](const auto&) { return Health(); }});
  table.push_back({{"services"},
                   {"HOST:PORT"},
                   "",
                   "the gRPC services a server offers (reflection)",
                   [](const auto& args) { return Services(args[0]); }});
  table.push_back({{"keys", "generate"},
                   {"DIR"},
                   "",
                   "fresh token signing, token verify and data keys",
                   [](const auto& args) { return GenerateKeys(args[0]); }});
  table.push_back(
      {{"token", "issue"},
       {},
       "--role=R --subject=S --org=O --org_path=/city/…/ [--ttl_minutes=60]",
       "a caller token for scripts, signed with --signing_key",
       [](const auto&) { return IssueToken(); }});
}

}  // namespace unioncard::unionctl
