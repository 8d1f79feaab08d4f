#ifndef UNIONCARD_TOOLS_UNIONCTL_KEY_FILES_H_
#define UNIONCARD_TOOLS_UNIONCTL_KEY_FILES_H_

#include <string>

#include "absl/status/status.h"

namespace unioncard::unionctl {

// Writes a fresh set of key files into `dir` (mode 0600), refusing to
// overwrite existing ones so a typo cannot destroy the keys that decrypt a
// database:
//   token_signing.json  Ed25519 signing key (gateway, operators)
//   token_verify.json   its public key (every service)
//   data_keys.json      AES-256-GCM and blind-index keys (member-svc)
absl::Status GenerateKeyFiles(const std::string& dir);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_KEY_FILES_H_
