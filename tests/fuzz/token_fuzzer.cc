// The caller-token verifier on hostile input. Two modes, chosen by the
// first byte: verify the bytes as a token; or take a genuine token and
// overwrite some of its characters. Never crashes; whatever verifies has
// claims that fit together, and a tampered token that still verifies
// carries exactly the genuine token's claims (the signature binds them).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/token.h"
#include "tests/fuzz/require.h"

namespace {

using unioncard::fuzz::Require;

using unioncard::auth::Principal;

const absl::Time kNow = absl::FromUnixSeconds(1'796'000'000);  // 2026-11

struct Keys {
  unioncard::auth::SigningKey key = unioncard::auth::GenerateSigningKey("k1");
  unioncard::auth::TokenVerifier verifier{{{"k1", key.public_key}}};
  Principal genuine = [] {
    Principal p;
    p.subject = "clerk-07";
    p.role = unioncard::auth::Role::kCountyStaff;
    p.org_id = "xinhua";
    p.org_path = "/city/xinhua/";
    p.issued_at = kNow - absl::Minutes(5);
    p.expires_at = kNow + absl::Hours(1);
    return p;
  }();
  std::string token = unioncard::auth::TokenSigner(key).Sign(genuine);
};

const Keys& TheKeys() {
  static const Keys* keys = new Keys;
  return *keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Keys& keys = TheKeys();
  const bool tamper = data[0] & 1;
  ++data;
  --size;
  if (!tamper) {
    auto p = keys.verifier.Verify(
        absl::string_view(reinterpret_cast<const char*>(data), size), kNow);
    if (p.ok()) Require(unioncard::auth::CheckClaims(*p).ok());
    return 0;
  }
  // (position, byte) pairs written over the genuine token.
  std::string token = keys.token;
  for (size_t i = 0; i + 1 < size; i += 2) {
    token[(data[i] * 131u + i) % token.size()] = static_cast<char>(data[i + 1]);
  }
  auto p = keys.verifier.Verify(token, kNow);
  if (!p.ok()) return 0;
  const Principal& g = keys.genuine;
  Require(p->subject == g.subject && p->role == g.role &&
          p->org_id == g.org_id && p->org_path == g.org_path &&
          p->issued_at == g.issued_at && p->expires_at == g.expires_at);
  return 0;
}
