#ifndef UNIONCARD_COMMON_CRYPTO_PERSONAL_DATA_H_
#define UNIONCARD_COMMON_CRYPTO_PERSONAL_DATA_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/keyring.h"

namespace unioncard::crypto {

// Encrypts personal data (ID numbers, phone numbers) for storage with
// AES-256-GCM. The stored blob names its key id, so rotation works:
//   0x01 | kid length (1 byte) | kid | nonce (12) | ciphertext | tag (16)
// `context` is bound as associated data (e.g. "member.id_number"): a blob
// copied into another column does not decrypt.
class FieldCipher {
 public:
  explicit FieldCipher(Keyring keyring) : keyring_(std::move(keyring)) {}

  absl::StatusOr<std::string> Encrypt(absl::string_view plaintext,
                                      absl::string_view context) const;
  // DATA_LOSS when the blob is malformed or does not authenticate (wrong
  // key, tampered, wrong context); FAILED_PRECONDITION when its key id is
  // not in the keyring.
  absl::StatusOr<std::string> Decrypt(absl::string_view blob,
                                      absl::string_view context) const;

  const std::string& active_kid() const { return keyring_.active_kid; }
  // Keys whose data a re-encryption job moves to the active key.
  const std::set<std::string>& retired() const { return keyring_.retired; }

 private:
  Keyring keyring_;
};

// A keyed hash for equality lookups of encrypted values ("find the member
// with this ID number") without decrypting every row: HMAC-SHA256 of the
// value under a separate key. 32 raw bytes, to store in a BINARY(32) column
// with an index.
class BlindIndex {
 public:
  explicit BlindIndex(Keyring keyring) : keyring_(std::move(keyring)) {}

  const std::string& active_kid() const { return keyring_.active_kid; }
  std::string Compute(absl::string_view value) const;
  // Under a named key, for lookups while an index is being re-keyed.
  absl::StatusOr<std::string> ComputeWith(absl::string_view kid,
                                          absl::string_view value) const;

 private:
  Keyring keyring_;
};

}  // namespace unioncard::crypto

#endif  // UNIONCARD_COMMON_CRYPTO_PERSONAL_DATA_H_
