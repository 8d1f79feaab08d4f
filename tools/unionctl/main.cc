// unionctl: the operators' command line.
//
//   unionctl health                       is every service SERVING?
//   unionctl token issue --role=city_admin --org=city --org_path=/city/
//   unionctl cards batch create --org=UNION [--members=1,2,3]
//   unionctl assessment bulletin --date=D [--csv | --xlsx=FILE]
//   unionctl help                         every command with its flags
//
// Flags may also come from UNIONCARD_<FLAG> environment variables. Each
// command group is one file in cli/ (cli/command_groups.h) with the flags
// only it reads; cli/shared_flags.h has those several groups read.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/usage.h"
#include "common/config/env_flags.h"
#include "tools/unionctl/cli/command_groups.h"

int main(int argc, char** argv) {
  using namespace unioncard;
  const unionctl::CommandTable commands = unionctl::AllCommands();
  absl::SetProgramUsageMessage(unionctl::Usage(commands));
  std::vector<char*> args = config::ParseFlagsWithEnvironment(argc, argv);
  const std::vector<std::string> words(args.begin() + 1, args.end());
  if (words.size() == 1 && words[0] == "help") {
    std::fputs(unionctl::Usage(commands).c_str(), stdout);
    return 0;
  }
  return unionctl::Dispatch(commands, words);
}
