#include "tools/unionctl/cli/command_groups.h"

namespace unioncard::unionctl {

CommandTable AllCommands() {
  CommandTable table;
  AddOperationsCommands(table);
  AddAccountCommands(table);
  AddMemberCommands(table);
  AddCardCommands(table);
  AddMerchantCommands(table);
  AddAssessmentCommands(table);
  AddAnalyticsCommands(table);
  return table;
}

}  // namespace unioncard::unionctl
