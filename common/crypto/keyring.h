#ifndef UNIONCARD_COMMON_CRYPTO_KEYRING_H_
#define UNIONCARD_COMMON_CRYPTO_KEYRING_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::crypto {

// A set of 32-byte keys by key id, one of them active. New data uses the
// active key; old data names its key id, so a key can rotate without a
// flag day: add the new key, make it active, re-encrypt, drop the old one.
struct Keyring {
  std::string active_kid;
  std::map<std::string, std::string> keys;  // kid -> 32 raw bytes
  // Keys still held to read old data but being moved away from: a
  // re-encryption job re-seals what they sealed under the active key. A key
  // is only ever retired on purpose, so replicas holding different files
  // during a rollout never move data back and forth.
  std::set<std::string> retired;

  // A keyring with one fresh random key.
  static Keyring Generate(std::string kid);
};

// The personal-data key file (JSON, base64 keys), made by
// `unionctl keys generate`, read through config::ReadSecret:
//   {"encryption":  {"active":"k1","keys":{"k1":"…"}},
//   (during a rotation: {"active":"k2","keys":{"k1":"…","k2":"…"},
//                        "retired":["k1"]})
//    "blind_index": {"active":"b1","keys":{"b1":"…"}}}
struct DataKeys {
  Keyring encryption;
  Keyring blind_index;

  static absl::StatusOr<DataKeys> FromJson(absl::string_view json);
  std::string ToJson() const;
};

}  // namespace unioncard::crypto

#endif  // UNIONCARD_COMMON_CRYPTO_KEYRING_H_
