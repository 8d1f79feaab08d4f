#ifndef UNIONCARD_COMMON_AUTH_TOKEN_H_
#define UNIONCARD_COMMON_AUTH_TOKEN_H_

#include <map>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"

namespace unioncard::auth {

// Caller tokens are JWTs signed with Ed25519 (RFC 8037, "alg":"EdDSA").
// Asymmetric on purpose: the gateway (and unionctl for operators) hold the
// signing key; services hold only public keys, so a compromised service
// cannot mint tokens. The header's "kid" selects the key, so keys rotate by
// adding the new public key everywhere before signing with it.

// The longest a token may be valid (exp - iat). Service tokens are the
// long-lived ones: deploy/local/up.sh issues them for 30 days (43200
// minutes); staff tokens from the gateway live minutes. A longer token is a
// mistake or a forgery and is refused.
inline constexpr absl::Duration kMaxTokenLifetime = absl::Hours(31 * 24);

// UNAUTHENTICATED (saying which) unless the claims fit together:
//  - the org is the last segment of the org path;
//  - the role fits the path's level: city_admin, assessor, auditor and
//    service at "/city/"; county_staff one level down ("/city/cangxian/");
//    grassroots_staff and member two levels down (a member belongs to a
//    grassroots union); partner_bank at "/bank/" only, outside the city's
//    tree;
//  - the lifetime is positive and at most kMaxTokenLifetime.
// Verify applies this to every token; signers may call it first.
absl::Status CheckClaims(const Principal& principal);

struct SigningKey {
  std::string kid;
  std::string secret_key;  // 64 raw bytes (libsodium's Ed25519 secret key)
  std::string public_key;  // 32 raw bytes
};

// A fresh key pair for `kid`.
SigningKey GenerateSigningKey(std::string kid);

// Key files (JSON, base64 values), written by `unionctl keys generate`:
//   signing: {"kid":"k1","secret_key":"…","public_key":"…"}
//   verify:  {"keys":{"k1":"<public key>", "k0":"<older key>"}}
std::string SigningKeyToJson(const SigningKey& key);
absl::StatusOr<SigningKey> SigningKeyFromJson(absl::string_view json);
std::string VerifyKeysToJson(const std::map<std::string, std::string>& keys);

class TokenSigner {
 public:
  explicit TokenSigner(SigningKey key) : key_(std::move(key)) {}
  // Signs `principal`; its issued_at/expires_at are used as given.
  std::string Sign(const Principal& principal) const;
  // Convenience: issued now, valid for `ttl`.
  std::string Issue(Principal principal, absl::Duration ttl) const;

 private:
  SigningKey key_;
};

class TokenVerifier {
 public:
  // kid -> 32-byte Ed25519 public key.
  explicit TokenVerifier(std::map<std::string, std::string> public_keys,
                         absl::Duration clock_skew = absl::Seconds(30))
      : public_keys_(std::move(public_keys)),
        clock_skew_(clock_skew),
        verified_(std::make_shared<VerifiedTokens>()) {}

  static absl::StatusOr<TokenVerifier> FromJson(absl::string_view json);

  // UNAUTHENTICATED, with the reason, for a malformed, unsigned, tampered,
  // unknown-key, not-yet-valid or expired token.
  //
  // A token verified before is answered from memory (its exact bytes
  // looked up, its expiry checked again against `now`): a caller sends the
  // same token on call after call, and checking its Ed25519 signature and
  // parsing its claims each time was a tenth of a point read's CPU
  // (tests/bench/point_read_bench).
  absl::StatusOr<Principal> Verify(absl::string_view token,
                                   absl::Time now) const;

 private:
  // Tokens that verified, by their exact text. Shared by copies of the
  // verifier (they hold the same keys); emptied when full.
  struct VerifiedTokens {
    static constexpr size_t kCapacity = 8192;
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Principal> by_token ABSL_GUARDED_BY(mu);
  };
  absl::StatusOr<Principal> VerifySignatureAndClaims(absl::string_view token,
                                                     absl::Time now) const;

  std::map<std::string, std::string> public_keys_;
  absl::Duration clock_skew_;
  std::shared_ptr<VerifiedTokens> verified_;
};

}  // namespace unioncard::auth

#endif  // UNIONCARD_COMMON_AUTH_TOKEN_H_
