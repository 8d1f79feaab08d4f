#ifndef UNIONCARD_GATEWAY_SRC_APP_PASSWORD_HASHER_H_
#define UNIONCARD_GATEWAY_SRC_APP_PASSWORD_HASHER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::gateway {

// Argon2id through libsodium's crypto_pwhash_str: the encoded hash carries
// its own salt and parameters, so raising the parameters here re-hashes
// each password at its owner's next login (NeedsRehash).
struct Argon2idParameters {
  // libsodium's "moderate" limits cost about a second on the 2-core
  // machines; "interactive" (2 passes over 64 MiB) is ~0.1 s and what
  // libsodium recommends for online logins.
  unsigned long long ops_limit = 2;
  size_t mem_limit_bytes = 64u << 20;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(Argon2idParameters parameters = {})
      : parameters_(parameters) {}

  absl::StatusOr<std::string> Hash(absl::string_view password) const;
  // False for a wrong password or a damaged hash.
  bool Verify(absl::string_view encoded_hash, absl::string_view password) const;
  // True when `encoded_hash` was made with other parameters.
  bool NeedsRehash(absl::string_view encoded_hash) const;

  const Argon2idParameters& parameters() const { return parameters_; }

 private:
  Argon2idParameters parameters_;
};

// A random secret of `bytes` bytes, base64url without padding.
std::string RandomToken(int bytes = 32);
// `bytes` random bytes, raw.
std::string RandomBytes(int bytes);
// SHA-256 of `text`, raw 32 bytes.
std::string Sha256(absl::string_view text);
// A readable random password for resets: 4 groups of 4 letters and digits.
std::string RandomPassword();

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_PASSWORD_HASHER_H_
