#ifndef UNIONCARD_COMMON_CONFIG_SECRET_SOURCE_H_
#define UNIONCARD_COMMON_CONFIG_SECRET_SOURCE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::config {

// Reads key material or a password named by a flag, never from the code:
//   "file:/run/secrets/data_keys.json"  a mounted secret file
//   "env:UNIONCARD_DB_PASSWORD"         an environment variable
// A bare path is read as a file. Trailing newlines are dropped.
// Errors: INVALID_ARGUMENT for an empty source, NOT_FOUND when the file or
// variable is missing.
absl::StatusOr<std::string> ReadSecret(absl::string_view source);

}  // namespace unioncard::config

#endif  // UNIONCARD_COMMON_CONFIG_SECRET_SOURCE_H_
