// unionctl analytics progress | usage | dormant
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "tools/unionctl/analytics_commands.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"

ABSL_FLAG(std::string, from, "", "analytics progress: the first month");
ABSL_FLAG(std::string, to, "", "analytics progress: the last month");
ABSL_FLAG(std::string, month, "", "analytics usage: YYYY-MM");
ABSL_FLAG(int, days, 30, "analytics dormant: days since issue");

namespace unioncard::unionctl {
namespace {

// A report from the service that keeps its figures.
Command AnalyticsCommand(
    std::string what, std::string flags, std::string summary,
    std::function<absl::StatusOr<report::Report>(AnalyticsCommands&)> run) {
  return {{"analytics", std::move(what)},
          {},
          absl::StrCat(flags, " [--csv | --xlsx=FILE] --token=T"),
          std::move(summary),
          [run](const auto&) {
            auto token = RequiredToken();
            if (!token.ok()) return Fail(token.status());
            AnalyticsCommands commands(
                {rpc::MakeChannel(absl::GetFlag(FLAGS_assessment_svc)),
                 rpc::MakeChannel(absl::GetFlag(FLAGS_card_svc)),
                 rpc::MakeChannel(absl::GetFlag(FLAGS_merchant_svc))},
                *token);
            return PrintReport(run(commands));
          }};
}

}  // namespace

void AddAnalyticsCommands(CommandTable& table) {
  table.push_back(AnalyticsCommand(
      "progress", "--from=YYYY-MM --to=YYYY-MM",
      "coverage and activation per county, month by month",
      [](AnalyticsCommands& c) {
        return c.Progress(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to));
      }));
  table.push_back(AnalyticsCommand(
      "usage", "--county=C --month=YYYY-MM",
      "card spending at the county's merchants by category",
      [](AnalyticsCommands& c) {
        return c.Usage(absl::GetFlag(FLAGS_county), absl::GetFlag(FLAGS_month));
      }));
  table.push_back(AnalyticsCommand(
      "dormant", "[--org=U] --kind=not-activated|never-used [--days=30]",
      "cards to follow up: issued and not activated, or never used",
      [](AnalyticsCommands& c) {
        return c.Dormant(absl::GetFlag(FLAGS_org), absl::GetFlag(FLAGS_kind),
                         absl::GetFlag(FLAGS_days));
      }));
}

}  // namespace unioncard::unionctl
