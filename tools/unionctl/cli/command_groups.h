#ifndef UNIONCARD_TOOLS_UNIONCTL_CLI_COMMAND_GROUPS_H_
#define UNIONCARD_TOOLS_UNIONCTL_CLI_COMMAND_GROUPS_H_

#include "tools/unionctl/cli/command_table.h"

namespace unioncard::unionctl {

// Each group adds its commands (one file each, cli/<group>_cli.cc).
void AddOperationsCommands(CommandTable& table);  // health, services, keys,
                                                  // token
void AddAccountCommands(CommandTable& table);     // accounts …
void AddMemberCommands(CommandTable& table);      // orgs …, members …
void AddCardCommands(CommandTable& table);        // cards …, payouts …
void AddMerchantCommands(CommandTable& table);    // merchants …, offers …
void AddAssessmentCommands(CommandTable& table);  // assessment …
void AddAnalyticsCommands(CommandTable& table);   // analytics …

// Every command unionctl has, in the order the usage lists them.
CommandTable AllCommands();

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_CLI_COMMAND_GROUPS_H_
