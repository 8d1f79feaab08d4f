#ifndef UNIONCARD_TOOLS_UNIONCTL_ACCOUNT_COMMANDS_H_
#define UNIONCARD_TOOLS_UNIONCTL_ACCOUNT_COMMANDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"

namespace unioncard::unionctl {

// `unionctl accounts bootstrap --username=NAME [--display_name=…]` with the
// gateway's database flags (--mysql_*): the first city administrator, made
// straight in the gateway's schema by an operator who holds its database
// password. Prints the one-time password once; it must be changed at the
// first login. Refused once any account exists — later accounts are made
// in the portal or over the gateway's API, where they are audited.
absl::StatusOr<std::string> BootstrapAccount(const db::DbOptions& db,
                                             const std::string& username,
                                             const std::string& display_name);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_ACCOUNT_COMMANDS_H_
