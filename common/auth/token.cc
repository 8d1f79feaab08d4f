#include "common/auth/token.h"

#include <sodium.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace unioncard::auth {
namespace {

using nlohmann::json;

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}

std::string Base64(absl::string_view raw) { return absl::Base64Escape(raw); }

absl::StatusOr<std::string> UnBase64(absl::string_view text,
                                     absl::string_view what) {
  std::string raw;
  if (!absl::Base64Unescape(text, &raw)) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is not base64"));
  }
  return raw;
}

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid token: ", why));
}

// `doc[name]` when `doc` is an object holding it, else null. (operator[] on
// a const json asserts the member exists: a token without a "kid" aborted
// the service before this — found by tests/fuzz/token_fuzzer.)
const json* Member(const json& doc, const char* name) {
  if (!doc.is_object()) return nullptr;
  auto it = doc.find(name);
  return it == doc.end() ? nullptr : &*it;
}

}  // namespace

SigningKey GenerateSigningKey(std::string kid) {
  EnsureSodium();
  SigningKey key;
  key.kid = std::move(kid);
  key.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  key.secret_key.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.public_key.data()),
                      reinterpret_cast<unsigned char*>(key.secret_key.data()));
  return key;
}

std::string SigningKeyToJson(const SigningKey& key) {
  return json{{"kid", key.kid},
              {"secret_key", Base64(key.secret_key)},
              {"public_key", Base64(key.public_key)}}
      .dump(2);
}

absl::StatusOr<SigningKey> SigningKeyFromJson(absl::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc["kid"].is_string() ||
      !doc["secret_key"].is_string() || !doc["public_key"].is_string()) {
    return absl::InvalidArgumentError(
        "signing key must be JSON with string fields kid, secret_key, "
        "public_key");
  }
  SigningKey key;
  key.kid = doc["kid"].get<std::string>();
  auto secret = UnBase64(doc["secret_key"].get<std::string>(), "secret_key");
  if (!secret.ok()) return secret.status();
  auto pub = UnBase64(doc["public_key"].get<std::string>(), "public_key");
  if (!pub.ok()) return pub.status();
  if (secret->size() != crypto_sign_SECRETKEYBYTES ||
      pub->size() != crypto_sign_PUBLICKEYBYTES) {
    return absl::InvalidArgumentError(
        "signing key has the wrong length for Ed25519");
  }
  key.secret_key = *std::move(secret);
  key.public_key = *std::move(pub);
  return key;
}

std::string VerifyKeysToJson(const std::map<std::string, std::string>& keys) {
  json out = json::object();
  for (const auto& [kid, pub] : keys) out[kid] = Base64(pub);
  return json{{"keys", out}}.dump(2);
}

std::string TokenSigner::Sign(const Principal& principal) const {
  EnsureSodium();
  const json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key_.kid}};
  const json claims = {
      {"sub", principal.subject},
      {"role", std::string(RoleName(principal.role))},
      {"org", principal.org_id},
      {"org_path", principal.org_path},
      {"iat", absl::ToUnixSeconds(principal.issued_at)},
      {"exp", absl::ToUnixSeconds(principal.expires_at)},
  };
  const std::string signing_input =
      absl::StrCat(absl::WebSafeBase64Escape(header.dump()), ".",
                   absl::WebSafeBase64Escape(claims.dump()));
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(
      signature, nullptr,
      reinterpret_cast<const unsigned char*>(signing_input.data()),
      signing_input.size(),
      reinterpret_cast<const unsigned char*>(key_.secret_key.data()));
  return absl::StrCat(
      signing_input, ".",
      absl::WebSafeBase64Escape(absl::string_view(
          reinterpret_cast<const char*>(signature), sizeof(signature))));
}

std::string TokenSigner::Issue(Principal principal, absl::Duration ttl) const {
  principal.issued_at = absl::Now();
  principal.expires_at = principal.issued_at + ttl;
  return Sign(principal);
}

namespace {

// The org path's segments: "/city/cangxian/" -> {"city", "cangxian"}.
std::vector<absl::string_view> Segments(absl::string_view org_path) {
  return absl::StrSplit(org_path, '/', absl::SkipEmpty());
}

// The one org path shape each role's accounts have (see CheckClaims).
bool RoleFitsPath(Role role, const std::vector<absl::string_view>& path) {
  if (role == Role::kPartnerBank) return path.size() == 1 && path[0] == "bank";
  if (path.empty() || path[0] != "city") return false;
  switch (role) {
    case Role::kCityAdmin:
    case Role::kAssessor:
    case Role::kAuditor:
    case Role::kService:
      return path.size() == 1;
    case Role::kCountyStaff:
      return path.size() == 2;
    case Role::kGrassrootsStaff:
    case Role::kMember:
      return path.size() == 3;
    default:
      return false;
  }
}

}  // namespace

absl::Status CheckClaims(const Principal& principal) {
  if (!IsValidOrgPath(principal.org_path)) {
    return Unauthenticated("malformed org_path");
  }
  const std::vector<absl::string_view> path = Segments(principal.org_path);
  if (path.empty() || path.back() != principal.org_id) {
    return Unauthenticated("org is not the last unit of org_path");
  }
  if (!RoleFitsPath(principal.role, path)) {
    return Unauthenticated(
        absl::StrCat("role ", RoleName(principal.role),
                     " does not belong at the level of org_path"));
  }
  const absl::Duration lifetime = principal.expires_at - principal.issued_at;
  if (lifetime <= absl::ZeroDuration() || lifetime > kMaxTokenLifetime) {
    return Unauthenticated(
        absl::StrCat("lifetime must be positive and at most ",
                     kMaxTokenLifetime / absl::Hours(24), " days"));
  }
  return absl::OkStatus();
}

absl::StatusOr<TokenVerifier> TokenVerifier::FromJson(absl::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc["keys"].is_object() || doc["keys"].empty()) {
    return absl::InvalidArgumentError(
        "verify keys must be JSON {\"keys\":{\"kid\":\"<base64 public "
        "key>\"}} with at least one key");
  }
  std::map<std::string, std::string> keys;
  for (const auto& [kid, value] : doc["keys"].items()) {
    if (!value.is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat("verify key ", kid, " is not a string"));
    }
    auto raw = UnBase64(value.get<std::string>(), "verify key");
    if (!raw.ok()) return raw.status();
    if (raw->size() != crypto_sign_PUBLICKEYBYTES) {
      return absl::InvalidArgumentError(
          absl::StrCat("verify key ", kid, " is not an Ed25519 public key"));
    }
    keys[kid] = *std::move(raw);
  }
  return TokenVerifier(std::move(keys));
}

absl::StatusOr<Principal> TokenVerifier::Verify(absl::string_view token,
                                                absl::Time now) const {
  {
    absl::MutexLock lock(&verified_->mu);
    auto known = verified_->by_token.find(token);
    if (known != verified_->by_token.end()) {
      // Signature and claims were checked; time moves on.
      if (known->second.expires_at <= now - clock_skew_) {
        return Unauthenticated("expired");
      }
      if (known->second.issued_at <= now + clock_skew_) return known->second;
    }
  }
  absl::StatusOr<Principal> principal = VerifySignatureAndClaims(token, now);
  if (principal.ok()) {
    absl::MutexLock lock(&verified_->mu);
    if (verified_->by_token.size() >= VerifiedTokens::kCapacity) {
      verified_->by_token.clear();
    }
    verified_->by_token.emplace(std::string(token), *principal);
  }
  return principal;
}

absl::StatusOr<Principal> TokenVerifier::VerifySignatureAndClaims(
    absl::string_view token, absl::Time now) const {
  EnsureSodium();
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a signed JWT");

  std::string header_text, claims_text, signature;
  if (!absl::WebSafeBase64Unescape(parts[0], &header_text) ||
      !absl::WebSafeBase64Unescape(parts[1], &claims_text) ||
      !absl::WebSafeBase64Unescape(parts[2], &signature)) {
    return Unauthenticated("not base64url");
  }
  const json header = json::parse(header_text, nullptr, false);
  const json* alg = Member(header, "alg");
  const json* kid = Member(header, "kid");
  if (alg == nullptr || !alg->is_string() || *alg != "EdDSA" ||
      kid == nullptr || !kid->is_string()) {
    return Unauthenticated("header must name alg EdDSA and a kid");
  }
  auto key = public_keys_.find(kid->get<std::string>());
  if (key == public_keys_.end()) return Unauthenticated("unknown key id");
  if (signature.size() != crypto_sign_BYTES) {
    return Unauthenticated("bad signature");
  }
  const size_t signed_length = parts[0].size() + 1 + parts[1].size();
  if (crypto_sign_verify_detached(
          reinterpret_cast<const unsigned char*>(signature.data()),
          reinterpret_cast<const unsigned char*>(token.data()), signed_length,
          reinterpret_cast<const unsigned char*>(key->second.data())) != 0) {
    return Unauthenticated("bad signature");
  }

  // Signed by us; still check the shape rather than trust it blindly.
  const json claims = json::parse(claims_text, nullptr, false);
  const json* sub = Member(claims, "sub");
  const json* role_name = Member(claims, "role");
  const json* org = Member(claims, "org");
  const json* org_path = Member(claims, "org_path");
  const json* iat = Member(claims, "iat");
  const json* exp = Member(claims, "exp");
  if (sub == nullptr || !sub->is_string() || role_name == nullptr ||
      !role_name->is_string() || org == nullptr || !org->is_string() ||
      org_path == nullptr || !org_path->is_string() || iat == nullptr ||
      !iat->is_number_integer() || exp == nullptr ||
      !exp->is_number_integer()) {
    return Unauthenticated("claims incomplete");
  }
  Principal principal;
  principal.subject = sub->get<std::string>();
  auto role = ParseRole(role_name->get<std::string>());
  if (!role.ok()) return Unauthenticated("unknown role");
  principal.role = *role;
  principal.org_id = org->get<std::string>();
  principal.org_path = org_path->get<std::string>();
  if (!IsValidOrgPath(principal.org_path)) {
    return Unauthenticated("malformed org_path");
  }
  principal.issued_at = absl::FromUnixSeconds(iat->get<int64_t>());
  principal.expires_at = absl::FromUnixSeconds(exp->get<int64_t>());
  if (absl::Status claims_fit = CheckClaims(principal); !claims_fit.ok()) {
    return claims_fit;
  }
  if (principal.issued_at > now + clock_skew_) {
    return Unauthenticated("issued in the future");
  }
  if (principal.expires_at <= now - clock_skew_) {
    return Unauthenticated("expired");
  }
  return principal;
}

}  // namespace unioncard::auth
