#include "common/crypto/keyring.h"

#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace unioncard::crypto {
namespace {

using nlohmann::json;

constexpr size_t kKeyBytes = 32;

absl::StatusOr<Keyring> KeyringFromJson(const json& doc,
                                        absl::string_view name) {
  // contains() first: operator[] on a const json asserts the member exists.
  if (!doc.is_object() || !doc.contains("active") ||
      !doc["active"].is_string() || !doc.contains("keys") ||
      !doc["keys"].is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " must be {\"active\":\"kid\",\"keys\":{\"kid\":\"base64\"}}"));
  }
  Keyring ring;
  ring.active_kid = doc["active"].get<std::string>();
  for (const auto& [kid, value] : doc["keys"].items()) {
    std::string raw;
    if (!value.is_string() ||
        !absl::Base64Unescape(value.get<std::string>(), &raw) ||
        raw.size() != kKeyBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " key ", kid, " must be 32 bytes in base64"));
    }
    ring.keys[kid] = std::move(raw);
  }
  if (ring.keys.count(ring.active_kid) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " names active key ", ring.active_kid, " which it lacks"));
  }
  if (doc.contains("retired")) {
    const json& retired = doc["retired"];
    if (!retired.is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " retired must be a list of key ids"));
    }
    for (const json& kid : retired) {
      if (!kid.is_string() || ring.keys.count(kid.get<std::string>()) == 0 ||
          kid.get<std::string>() == ring.active_kid) {
        return absl::InvalidArgumentError(absl::StrCat(
            name,
            " retired must name keys it holds, other than the active "
            "one"));
      }
      ring.retired.insert(kid.get<std::string>());
    }
  }
  return ring;
}

json KeyringToJson(const Keyring& ring) {
  json keys = json::object();
  for (const auto& [kid, raw] : ring.keys) keys[kid] = absl::Base64Escape(raw);
  json doc{{"active", ring.active_kid}, {"keys", keys}};
  if (!ring.retired.empty()) doc["retired"] = ring.retired;
  return doc;
}

}  // namespace

Keyring Keyring::Generate(std::string kid) {
  std::string key(kKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), kKeyBytes) !=
      1) {
    std::abort();  // no entropy: never hand out a predictable key
  }
  Keyring ring;
  ring.active_kid = kid;
  ring.keys[std::move(kid)] = std::move(key);
  return ring;
}

absl::StatusOr<DataKeys> DataKeys::FromJson(absl::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return absl::InvalidArgumentError("data keys are not a JSON object");
  }
  absl::StatusOr<Keyring> encryption =
      KeyringFromJson(doc["encryption"], "encryption");
  if (!encryption.ok()) return encryption.status();
  absl::StatusOr<Keyring> blind_index =
      KeyringFromJson(doc["blind_index"], "blind_index");
  if (!blind_index.ok()) return blind_index.status();
  return DataKeys{*std::move(encryption), *std::move(blind_index)};
}

std::string DataKeys::ToJson() const {
  return json{{"encryption", KeyringToJson(encryption)},
              {"blind_index", KeyringToJson(blind_index)}}
      .dump(2);
}

}  // namespace unioncard::crypto
