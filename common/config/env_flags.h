#ifndef UNIONCARD_COMMON_CONFIG_ENV_FLAGS_H_
#define UNIONCARD_COMMON_CONFIG_ENV_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace unioncard::config {

// The environment variable that overrides flag `flag_name`:
// "mysql_host" -> "UNIONCARD_MYSQL_HOST". Kubernetes manifests set these.
std::string EnvironmentNameFor(const std::string& flag_name);

// Sets every registered flag whose UNIONCARD_* variable is present. Returns
// INVALID_ARGUMENT naming the variable when a value does not parse, so a bad
// deployment fails at start rather than running on a default.
absl::Status ApplyEnvironmentOverrides();

// The order operators expect: defaults < environment < command line.
// Returns the positional arguments (argv[0] first). Exits with a message on a
// bad flag or environment value.
std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv);

}  // namespace unioncard::config

#endif  // UNIONCARD_COMMON_CONFIG_ENV_FLAGS_H_
