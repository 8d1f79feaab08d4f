#include "tools/unionctl/cli/command_table.h"

#include <algorithm>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/unionctl/cli/shared_flags.h"

namespace unioncard::unionctl {

const Command* FindCommand(const CommandTable& table,
                           const std::vector<std::string>& words) {
  const Command* found = nullptr;
  for (const Command& command : table) {
    const size_t n = command.words.size();
    if (words.size() != n + command.arguments.size()) continue;
    if (!std::equal(command.words.begin(), command.words.end(),
                    words.begin())) {
      continue;
    }
    if (found == nullptr || n > found->words.size()) found = &command;
  }
  return found;
}

std::string Usage(const CommandTable& table) {
  std::string usage =
      "usage: unionctl COMMAND [ARGUMENTS] [--flags]  (flags may also come "
      "from UNIONCARD_<FLAG> environment variables)\n";
  std::string group;
  for (const Command& command : table) {
    if (command.words.front() != group) {
      group = command.words.front();
      absl::StrAppend(&usage, "\n");
    }
    std::string line =
        absl::StrCat("  unionctl ", absl::StrJoin(command.words, " "));
    for (const std::string& argument : command.arguments) {
      absl::StrAppend(&line, " ", argument);
    }
    if (!command.flags.empty()) absl::StrAppend(&line, " ", command.flags);
    absl::StrAppend(&usage, line, "\n      ", command.summary, "\n");
  }
  return usage;
}

int Dispatch(const CommandTable& table, const std::vector<std::string>& words) {
  const Command* command = FindCommand(table, words);
  if (command == nullptr) {
    if (!words.empty()) {
      std::fprintf(stderr, "unionctl: no command \"%s\"\n\n",
                   absl::StrJoin(words, " ").c_str());
    }
    std::fputs(Usage(table).c_str(), stderr);
    return 2;
  }
  return command->run(std::vector<std::string>(
      words.begin() + static_cast<std::ptrdiff_t>(command->words.size()),
      words.end()));
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "unionctl: %s\n", status.ToString().c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

int Print(const absl::StatusOr<std::string>& text) {
  if (!text.ok()) return Fail(text.status());
  std::fputs(text->c_str(), stdout);
  return 0;
}

int PrintReport(const absl::StatusOr<report::Report>& report) {
  if (!report.ok()) return Fail(report.status());
  const std::string xlsx = absl::GetFlag(FLAGS_xlsx);
  if (!xlsx.empty()) {
    absl::Status s = report::WriteXlsx(*report, xlsx);
    if (!s.ok()) return Fail(s);
    std::printf("wrote %s: %s, %zu rows\n", xlsx.c_str(), report->title.c_str(),
                report->rows.size());
    return 0;
  }
  const std::string out = absl::GetFlag(FLAGS_csv)
                              ? report::RenderCsv(*report)
                              : report::RenderText(*report);
  std::fputs(out.c_str(), stdout);
  return 0;
}

absl::StatusOr<std::string> RequiredToken() {
  const std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty()) {
    return absl::InvalidArgumentError(
        "--token (or UNIONCARD_TOKEN) is required; see `unionctl token "
        "issue`");
  }
  return token;
}

absl::StatusOr<int64_t> IdArgument(const std::string& text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not an id"));
  }
  return id;
}

}  // namespace unioncard::unionctl
