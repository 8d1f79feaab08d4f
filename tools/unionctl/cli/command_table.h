#ifndef UNIONCARD_TOOLS_UNIONCTL_CLI_COMMAND_TABLE_H_
#define UNIONCARD_TOOLS_UNIONCTL_CLI_COMMAND_TABLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/report/report.h"

namespace unioncard::unionctl {

// One unionctl command: the words that name it ("cards batch create"),
// the arguments that follow them (ids, files), the flags it reads, and
// what runs it. Each command group registers its commands in its own file
// (cli/*_cli.cc), next to the flags only it reads; flags several groups
// read are in shared_flags.h.
struct Command {
  std::vector<std::string> words;
  // Names of the arguments after the words, in order ("ID", "FILE.csv").
  std::vector<std::string> arguments;
  std::string flags;    // as the usage shows them: "--org=UNION [--csv]"
  std::string summary;  // one line: what it does
  // Runs with the arguments (as many as `arguments` names); the exit code.
  std::function<int(const std::vector<std::string>& arguments)> run;
};

using CommandTable = std::vector<Command>;

// The command `words` names — the one with the longest matching words
// whose argument count fits — or nullptr.
const Command* FindCommand(const CommandTable& table,
                           const std::vector<std::string>& words);

// Every command, one per line, grouped by first word.
std::string Usage(const CommandTable& table);

// Runs the command `words` names; otherwise prints the usage to stderr and
// returns 2.
int Dispatch(const CommandTable& table, const std::vector<std::string>& words);

// Exit codes: 0 done, 1 refused or failed, 2 bad input (the usage's or the
// service's INVALID_ARGUMENT), 3 done with problems to look at (rows
// refused, differences found).
int Fail(const absl::Status& status);
// Prints the text, or fails.
int Print(const absl::StatusOr<std::string>& text);
// A report as a table, as CSV (--csv), or written to --xlsx.
int PrintReport(const absl::StatusOr<report::Report>& report);

// --token (or UNIONCARD_TOKEN); INVALID_ARGUMENT saying how to get one.
absl::StatusOr<std::string> RequiredToken();
// A positive id typed as an argument or a flag.
absl::StatusOr<int64_t> IdArgument(const std::string& text);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_CLI_COMMAND_TABLE_H_
