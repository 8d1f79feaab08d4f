// unionctl assessment bulletin | ranking | plan | show | regular | incident
// | compute | advance | plan generate | plan edit | plan approve
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "tools/unionctl/assessment_commands.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"

ABSL_FLAG(int, year, 0, "assessment: the year");
ABSL_FLAG(int, quarter, 0, "assessment ranking: 1 to 4");
ABSL_FLAG(int, revision, 0, "assessment show/advance: the revision");
ABSL_FLAG(std::string, unit, "",
          "assessment regular/incident, plan edit: the county");
ABSL_FLAG(std::string, leadership, "", "assessment regular: 0–3 (\"2.5\")");
ABSL_FLAG(std::string, measures, "", "assessment regular: 0–4");
ABSL_FLAG(std::string, step, "",
          "assessment advance: review|approve|publish|send-back|correct");
ABSL_FLAG(int, first_year, 0, "assessment plan generate: the first year");
ABSL_FLAG(std::string, targets, "",
          "assessment plan generate: cumulative coverage % per year");
ABSL_FLAG(int64_t, plan_id, 0, "assessment plan edit/approve: the plan");
ABSL_FLAG(int64_t, plan, 0, "assessment plan edit: cards to issue in the year");

namespace unioncard::unionctl {
namespace {

// assessment-svc's commands for the caller's token, or the error.
absl::StatusOr<AssessmentCommands> Commands() {
  auto token = RequiredToken();
  if (!token.ok()) return token.status();
  return AssessmentCommands(
      rpc::MakeChannel(absl::GetFlag(FLAGS_assessment_svc)), *token);
}

// A command whose answer is a report (a table, --csv or --xlsx).
Command ReportCommand(
    std::vector<std::string> words, std::string flags, std::string summary,
    std::function<absl::StatusOr<report::Report>(AssessmentCommands&)> run) {
  return {std::move(words),
          {},
          absl::StrCat(flags, " [--csv | --xlsx=FILE] --token=T"),
          std::move(summary),
          [run](const auto&) {
            auto commands = Commands();
            if (!commands.ok()) return Fail(commands.status());
            return PrintReport(run(*commands));
          }};
}

// A command whose answer is a line of text.
Command TextCommand(
    std::vector<std::string> words, std::string flags, std::string summary,
    std::function<absl::StatusOr<std::string>(AssessmentCommands&)> run) {
  return {std::move(words),
          {},
          absl::StrCat(flags, " --token=T"),
          std::move(summary),
          [run](const auto&) {
            auto commands = Commands();
            if (!commands.ok()) return Fail(commands.status());
            return Print(run(*commands));
          }};
}

int Year() { return absl::GetFlag(FLAGS_year); }

}  // namespace

void AddAssessmentCommands(CommandTable& table) {
  table.push_back(ReportCommand({"assessment", "bulletin"}, "--date=D",
                                "the monthly bulletin (月通报) on a day",
                                [](AssessmentCommands& c) {
                                  return c.Bulletin(absl::GetFlag(FLAGS_date));
                                }));
  table.push_back(
      ReportCommand({"assessment", "ranking"}, "--year=Y --quarter=Q",
                    "a quarter's ranking (季排队)", [](AssessmentCommands& c) {
                      return c.Ranking(Year(), absl::GetFlag(FLAGS_quarter));
                    }));
  table.push_back(ReportCommand(
      {"assessment", "plan"}, "--year=Y", "the year's plan per county",
      [](AssessmentCommands& c) { return c.Plan(Year()); }));
  table.push_back(ReportCommand(
      {"assessment", "show"}, "--year=Y [--revision=N]",
      "the annual assessment (latest revision unless one is named)",
      [](AssessmentCommands& c) {
        return c.Assessment(Year(), absl::GetFlag(FLAGS_revision));
      }));
  table.push_back(
      TextCommand({"assessment", "regular"},
                  "--year=Y --unit=U --leadership=L --measures=M",
                  "enter a county's regular items", [](AssessmentCommands& c) {
                    return c.SetRegularItems(Year(), absl::GetFlag(FLAGS_unit),
                                             absl::GetFlag(FLAGS_leadership),
                                             absl::GetFlag(FLAGS_measures));
                  }));
  table.push_back(TextCommand(
      {"assessment", "incident"},
      "--unit=U --kind=omission|criticism --date=D --note=WHAT",
      "record an omission or a criticism notice", [](AssessmentCommands& c) {
        return c.AddIncident(
            absl::GetFlag(FLAGS_unit), absl::GetFlag(FLAGS_kind),
            absl::GetFlag(FLAGS_date), absl::GetFlag(FLAGS_note));
      }));
  table.push_back(
      ReportCommand({"assessment", "compute"}, "--year=Y",
                    "compute (or recompute) the year's draft",
                    [](AssessmentCommands& c) { return c.Compute(Year()); }));
  table.push_back(ReportCommand(
      {"assessment", "advance"},
      "--year=Y --revision=N --step=review|approve|publish|send-back|correct "
      "[--note=WHY]",
      "take a workflow step", [](AssessmentCommands& c) {
        return c.Advance(Year(), absl::GetFlag(FLAGS_revision),
                         absl::GetFlag(FLAGS_step), absl::GetFlag(FLAGS_note));
      }));
  table.push_back(ReportCommand(
      {"assessment", "plan", "generate"}, "--first_year=Y --targets=10,40,80",
      "a plan for new years from today's members", [](AssessmentCommands& c) {
        return c.GeneratePlan(absl::GetFlag(FLAGS_first_year),
                              absl::GetFlag(FLAGS_targets));
      }));
  table.push_back(ReportCommand(
      {"assessment", "plan", "edit"},
      "--plan_id=N --year=Y --unit=U --plan=CARDS",
      "change one county's plan for a year (a draft)",
      [](AssessmentCommands& c) {
        return c.EditPlan(absl::GetFlag(FLAGS_plan_id), Year(),
                          absl::GetFlag(FLAGS_unit), absl::GetFlag(FLAGS_plan));
      }));
  table.push_back(ReportCommand(
      {"assessment", "plan", "approve"}, "--plan_id=N",
      "approve a plan (not its maker)", [](AssessmentCommands& c) {
        return c.ApprovePlan(absl::GetFlag(FLAGS_plan_id));
      }));
}

}  // namespace unioncard::unionctl
