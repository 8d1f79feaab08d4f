// unionctl's command table: every command is found by its words and
// argument count, none shadows another, the usage lists them all, and the
// real binary answers an unknown command with the usage and exit code 2.
#include "tools/unionctl/cli/command_table.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/testing/child_process.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/unionctl/cli/command_groups.h"

namespace unioncard::unionctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  for (char c : line + " ") {
    if (c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

std::string Found(const CommandTable& table, const std::string& line) {
  const Command* command = FindCommand(table, Words(line));
  return command == nullptr ? "(none)" : absl::StrJoin(command->words, " ");
}

TEST(CommandTableTest, EveryCommandOfTheOldCommandLineIsFound) {
  const CommandTable table = AllCommands();
  // The command lines deploy/local/up.sh, lib.sh, the smoke test and the
  // README type: they must keep working.
  EXPECT_EQ(Found(table, "health"), "health");
  EXPECT_EQ(Found(table, "services 127.0.0.1:50051"), "services");
  EXPECT_EQ(Found(table, "keys generate .local/keys"), "keys generate");
  EXPECT_EQ(Found(table, "token issue"), "token issue");
  EXPECT_EQ(Found(table, "orgs load grassroots.csv"), "orgs load");
  EXPECT_EQ(Found(table, "members import members.csv"), "members import");
  EXPECT_EQ(Found(table, "members review"), "members review");
  EXPECT_EQ(Found(table, "cards batch create"), "cards batch create");
  EXPECT_EQ(Found(table, "cards batch show 7"), "cards batch show");
  EXPECT_EQ(Found(table, "cards show"), "cards show");
  EXPECT_EQ(Found(table, "payouts create relief.csv"), "payouts create");
  EXPECT_EQ(Found(table, "payouts approve 3"), "payouts approve");
  EXPECT_EQ(Found(table, "payouts decline 3"), "payouts decline");
  EXPECT_EQ(Found(table, "payouts show 3"), "payouts show");
  EXPECT_EQ(Found(table, "payouts reconcile"), "payouts reconcile");
  EXPECT_EQ(Found(table, "merchants create"), "merchants create");
  EXPECT_EQ(Found(table, "merchants list"), "merchants list");
  for (const char* act : {"activate", "suspend", "resume", "exit", "rate"}) {
    EXPECT_EQ(Found(table, absl::StrCat("merchants ", act, " 12")),
              absl::StrCat("merchants ", act));
  }
  EXPECT_EQ(Found(table, "merchants evaluate"), "merchants evaluate");
  EXPECT_EQ(Found(table, "merchants report"), "merchants report");
  EXPECT_EQ(Found(table, "offers create"), "offers create");
  EXPECT_EQ(Found(table, "offers search"), "offers search");
  for (const char* what : {"bulletin", "ranking", "plan", "show", "regular",
                           "incident", "compute", "advance"}) {
    EXPECT_EQ(Found(table, absl::StrCat("assessment ", what)),
              absl::StrCat("assessment ", what));
  }
  EXPECT_EQ(Found(table, "assessment plan generate"),
            "assessment plan generate");
  EXPECT_EQ(Found(table, "assessment plan edit"), "assessment plan edit");
  EXPECT_EQ(Found(table, "assessment plan approve"), "assessment plan approve");
  for (const char* what : {"progress", "usage", "dormant"}) {
    EXPECT_EQ(Found(table, absl::StrCat("analytics ", what)),
              absl::StrCat("analytics ", what));
  }
  EXPECT_EQ(Found(table, "accounts bootstrap"), "accounts bootstrap");
  EXPECT_EQ(Found(table, "accounts list"), "accounts list");
  EXPECT_EQ(Found(table, "accounts create"), "accounts create");
  for (const char* act :
       {"disable", "enable", "reset-password", "unlock", "sessions-kill"}) {
    EXPECT_EQ(Found(table, absl::StrCat("accounts ", act, " 2")),
              absl::StrCat("accounts ", act));
  }
}

TEST(CommandTableTest, AWrongArgumentCountOrAnUnknownWordFindsNothing) {
  const CommandTable table = AllCommands();
  EXPECT_EQ(Found(table, ""), "(none)");
  EXPECT_EQ(Found(table, "cards batch show"), "(none)");  // the id is missing
  EXPECT_EQ(Found(table, "payouts approve 3 4"), "(none)");
  EXPECT_EQ(Found(table, "health now"), "(none)");
  EXPECT_EQ(Found(table, "cards"), "(none)");
  EXPECT_EQ(Found(table, "merchants fly 3"), "(none)");
  EXPECT_EQ(Found(table, "accounts disable"), "(none)");
}

TEST(CommandTableTest, NoTwoCommandsShareTheirWordsAndTheUsageListsEach) {
  const CommandTable table = AllCommands();
  std::set<std::string> seen;
  const std::string usage = Usage(table);
  for (const Command& command : table) {
    const std::string name = absl::StrJoin(command.words, " ");
    EXPECT_TRUE(seen.insert(name).second) << name << " is registered twice";
    EXPECT_THAT(usage, HasSubstr(absl::StrCat("unionctl ", name)));
    EXPECT_FALSE(command.summary.empty()) << name;
    EXPECT_TRUE(command.run) << name;
  }
  EXPECT_GE(table.size(), 45u);
}

TEST(CommandTableTest, DispatchRunsTheCommandWithItsArguments) {
  std::vector<std::string> got;
  CommandTable table = {
      {{"cards", "batch", "show"},
       {"ID"},
       "",
       "show",
       [&](const std::vector<std::string>& args) {
         got = args;
         return 0;
       }},
      {{"cards", "batch"}, {"A", "B"}, "", "shadow?", [](const auto&) {
         return 9;
       }}};
  EXPECT_EQ(Dispatch(table, {"cards", "batch", "show", "42"}), 0);
  EXPECT_EQ(got, std::vector<std::string>({"42"}));
  EXPECT_EQ(Dispatch(table, {"cards", "batch", "a", "b"}), 9);
  EXPECT_EQ(Dispatch(table, {"cards"}), 2);
}

testing::CommandRun Unionctl(const std::string& args) {
  return testing::RunShellCommand(absl::StrCat(UNIONCTL_PATH, " ", args));
}

TEST(UnionctlBinaryTest, AnUnknownCommandGetsTheUsageAndExitCodeTwo) {
  testing::CommandRun run = Unionctl("cards fly");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("no command \"cards fly\""));
  EXPECT_THAT(run.output, HasSubstr("unionctl cards batch create"));
  testing::CommandRun help = Unionctl("help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("unionctl payouts decline ID --note=WHY"));
}

TEST(UnionctlBinaryTest, ACommandReadsItsOwnFlagsAndSaysWhatIsMissing) {
  // No token: refused before any call, exit code 2 (bad input).
  testing::CommandRun run = Unionctl("cards batch show 7 --token=");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output,
              HasSubstr("--token (or UNIONCARD_TOKEN) is required"));
  testing::CommandRun bad_id = Unionctl("payouts show seven --token=t");
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_THAT(bad_id.output, HasSubstr("'seven' is not an id"));
  // A flag no command defines is refused by the parser.
  testing::CommandRun unknown = Unionctl("health --no_such_flag=1");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.output, Not(HasSubstr("SERVING")));
}

}  // namespace
}  // namespace unioncard::unionctl
