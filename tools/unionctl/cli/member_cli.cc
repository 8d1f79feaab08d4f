// unionctl orgs load | members import | members review
#include <cstdio>

#include "absl/flags/flag.h"
#include "common/grpc/client.h"
#include "member/v1/member.grpc.pb.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"
#include "tools/unionctl/member_import.h"
#include "tools/unionctl/member_review.h"
#include "tools/unionctl/org_load.h"

ABSL_FLAG(std::string, member_svc, "127.0.0.1:50051", "member-svc address");
ABSL_FLAG(std::string, action, "", "members review: verify or approve");

namespace unioncard::unionctl {
namespace {

std::shared_ptr<grpc::Channel> MemberSvc() {
  return rpc::MakeChannel(absl::GetFlag(FLAGS_member_svc));
}

int LoadOrgs(const std::string& path) {
  auto stub = member::v1::OrgService::NewStub(MemberSvc());
  auto count = LoadGrassrootsUnions(*stub, path, absl::GetFlag(FLAGS_token));
  if (!count.ok()) return Fail(count.status());
  std::printf("%s: %d grassroots unions present\n", path.c_str(), *count);
  return 0;
}

int ImportMembers(const std::string& path) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  auto stub = member::v1::MemberService::NewStub(MemberSvc());
  ImportOptions options;
  options.default_org_id = absl::GetFlag(FLAGS_org);
  options.token = *token;
  auto summary = ImportMembersCsv(*stub, path, options);
  if (!summary.ok()) return Fail(summary.status());
  std::printf(
      "%s (%s): %d rows — %d registered, %d already registered (unchanged), "
      "%d failed\n",
      path.c_str(), summary->encoding.c_str(), summary->rows, summary->created,
      summary->unchanged, summary->failed);
  for (const std::string& warning : summary->warnings) {
    std::printf("check: %s\n", warning.c_str());
  }
  if (summary->failed > 0) {
    std::printf(
        "failed rows, with reasons: %s — fix them and import that "
        "file again\n",
        summary->failed_file.c_str());
    return 3;
  }
  return 0;
}

int ReviewMembers() {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  const std::string action = absl::GetFlag(FLAGS_action);
  auto stub = member::v1::MemberService::NewStub(MemberSvc());
  auto summary = ReviewWaitingMembers(
      *stub, absl::GetFlag(FLAGS_org),
      action == "verify"    ? member::v1::REVIEW_ACTION_VERIFY
      : action == "approve" ? member::v1::REVIEW_ACTION_APPROVE
                            : member::v1::REVIEW_ACTION_UNSPECIFIED,
      *token);
  if (!summary.ok()) return Fail(summary.status());
  std::printf("%s: %d members moved, %d refused%s%s\n", action.c_str(),
              summary->moved, summary->failed,
              summary->failed > 0 ? "; first: " : "",
              summary->first_failure.c_str());
  return summary->failed > 0 ? 3 : 0;
}

}  // namespace

void AddMemberCommands(CommandTable& table) {
  table.push_back({{"orgs", "load"},
                   {"FILE.csv"},
                   "--token=T",
                   "create the grassroots unions a file lists",
                   [](const auto& args) { return LoadOrgs(args[0]); }});
  table.push_back({{"members", "import"},
                   {"FILE.csv"},
                   "--org=UNION --token=T",
                   "bulk registration (UTF-8 or GBK); failed rows go to a "
                   "file with reasons (exit 3)",
                   [](const auto& args) { return ImportMembers(args[0]); }});
  table.push_back({{"members", "review"},
                   {},
                   "--org=UNIT --action=verify|approve --token=T",
                   "move every waiting member of the unit on",
                   [](const auto&) { return ReviewMembers(); }});
}

}  // namespace unioncard::unionctl
