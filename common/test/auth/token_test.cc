#include "common/auth/token.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::auth {
namespace {

Principal CountyClerk(absl::Time now) {
  Principal p;
  p.subject = "clerk-cangxian-01";
  p.role = Role::kCountyStaff;
  p.org_id = "cangxian";
  p.org_path = "/city/cangxian/";
  p.issued_at = now;
  p.expires_at = now + absl::Minutes(15);
  return p;
}

class TokenTest : public ::testing::Test {
 protected:
  SigningKey key_ = GenerateSigningKey("k1");
  TokenSigner signer_{key_};
  TokenVerifier verifier_{{{"k1", key_.public_key}}};
  absl::Time now_ = absl::FromUnixSeconds(1795000000);
};

TEST_F(TokenTest, SignedTokenVerifiesToTheSamePrincipal) {
  const std::string token = signer_.Sign(CountyClerk(now_));
  absl::StatusOr<Principal> p =
      verifier_.Verify(token, now_ + absl::Minutes(1));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject, "clerk-cangxian-01");
  EXPECT_EQ(p->role, Role::kCountyStaff);
  EXPECT_EQ(p->org_id, "cangxian");
  EXPECT_EQ(p->org_path, "/city/cangxian/");
  EXPECT_EQ(p->expires_at, now_ + absl::Minutes(15));
}

TEST_F(TokenTest, ExpiredTokenIsUnauthenticated) {
  const std::string token = signer_.Sign(CountyClerk(now_));
  absl::StatusOr<Principal> p = verifier_.Verify(token, now_ + absl::Hours(1));
  EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(p.status().message().find("expired"), std::string::npos);
}

// A token verified once is remembered by its exact text: verified again it
// still expires on time, a copy of the verifier knows it, and a token that
// differs in one character is checked afresh.
TEST_F(TokenTest, ARememberedTokenStillExpiresAndNoOtherTextMatchesIt) {
  std::string token = signer_.Sign(CountyClerk(now_));
  ASSERT_TRUE(verifier_.Verify(token, now_).ok());
  const TokenVerifier copy = verifier_;
  ASSERT_TRUE(copy.Verify(token, now_ + absl::Minutes(5)).ok());
  absl::StatusOr<Principal> late =
      verifier_.Verify(token, now_ + absl::Hours(1));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(late.status().message().find("expired"), std::string::npos);
  char& c = token[token.size() - 10];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier_.Verify(token, now_).status().code(),
            absl::StatusCode::kUnauthenticated);
  // Another verifier (other keys) shares nothing with this one.
  TokenVerifier stranger{{{"k1", GenerateSigningKey("k1").public_key}}};
  EXPECT_EQ(
      stranger.Verify(signer_.Sign(CountyClerk(now_)), now_).status().code(),
      absl::StatusCode::kUnauthenticated);
}

TEST_F(TokenTest, TamperedClaimsAreUnauthenticated) {
  std::string token = signer_.Sign(CountyClerk(now_));
  // Swap the claims for a city admin's, keeping the county clerk's signature.
  Principal admin = CountyClerk(now_);
  admin.role = Role::kCityAdmin;
  admin.org_path = "/city/";
  const std::string forged_claims = signer_.Sign(admin);
  const size_t a = token.find('.'), b = token.rfind('.');
  const size_t fa = forged_claims.find('.'), fb = forged_claims.rfind('.');
  const std::string forged =
      token.substr(0, a) + forged_claims.substr(fa, fb - fa) + token.substr(b);
  EXPECT_EQ(verifier_.Verify(forged, now_).status().code(),
            absl::StatusCode::kUnauthenticated);
  // One flipped character inside the signature (the last character carries
  // padding bits, so it is not the one to flip).
  char& c = token[token.size() - 10];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier_.Verify(token, now_).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(TokenTest, TokenFromAnotherKeyOrUnknownKidIsUnauthenticated) {
  SigningKey other = GenerateSigningKey("k1");  // same kid, different key
  EXPECT_EQ(verifier_.Verify(TokenSigner(other).Sign(CountyClerk(now_)), now_)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  SigningKey unknown = GenerateSigningKey("k9");
  absl::Status s =
      verifier_.Verify(TokenSigner(unknown).Sign(CountyClerk(now_)), now_)
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("unknown key id"), std::string::npos);
}

TEST_F(TokenTest, GarbageIsUnauthenticatedNotACrash) {
  for (const char* garbage :
       {"", "abc", "a.b.c", "..", "eyJ9.eyJ9.AAAA", "\xff\xfe.\x01.\x02"}) {
    EXPECT_EQ(verifier_.Verify(garbage, now_).status().code(),
              absl::StatusCode::kUnauthenticated)
        << garbage;
  }
}

// A token of any header and claims text, signed with `key`: what a careless
// (or hostile) signer could hand out.
std::string SignRaw(const SigningKey& key, absl::string_view header,
                    absl::string_view claims) {
  const std::string input = absl::StrCat(absl::WebSafeBase64Escape(header), ".",
                                         absl::WebSafeBase64Escape(claims));
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(
      signature, nullptr, reinterpret_cast<const unsigned char*>(input.data()),
      input.size(),
      reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return absl::StrCat(
      input, ".",
      absl::WebSafeBase64Escape(absl::string_view(
          reinterpret_cast<const char*>(signature), sizeof(signature))));
}

// Found by tests/fuzz/token_fuzzer: a header without "kid" aborted the
// verifier (nlohmann's const operator[] on a missing member), before any
// signature was checked — so any caller could stop a service.
TEST_F(TokenTest, HeaderWithoutKidOrAlgIsUnauthenticatedNotACrash) {
  const std::string claims = R"({"sub":"x"})";
  for (const char* header :
       {R"({"alg":"EdDSA"})", R"({"kid":"k1"})", R"({})", R"([])", R"(7)",
        R"({"alg":7,"kid":"k1"})", R"({"alg":"EdDSA","kid":7})"}) {
    EXPECT_EQ(
        verifier_.Verify(SignRaw(key_, header, claims), now_).status().code(),
        absl::StatusCode::kUnauthenticated)
        << header;
  }
}

TEST_F(TokenTest, SignedButIncompleteClaimsAreUnauthenticated) {
  const std::string header = R"({"alg":"EdDSA","kid":"k1"})";
  const int64_t iat = absl::ToUnixSeconds(now_);
  const std::string complete =
      absl::StrCat(R"({"sub":"c","role":"county_staff","org":"cangxian",)",
                   R"("org_path":"/city/cangxian/","iat":)", iat, R"(,"exp":)",
                   iat + 600, "}");
  ASSERT_TRUE(verifier_.Verify(SignRaw(key_, header, complete), now_).ok());
  for (const std::string& claims :
       {std::string(R"({})"), std::string(R"([1,2])"),
        absl::StrCat(R"({"sub":"c","role":"county_staff","org":"cangxian",)",
                     R"("iat":)", iat, R"(,"exp":)", iat + 600, "}"),
        absl::StrCat(R"({"sub":"c","role":"county_staff","org":"cangxian",)",
                     R"("org_path":"/city/cangxian/","iat":"now","exp":)",
                     iat + 600, "}")}) {
    absl::StatusOr<Principal> p =
        verifier_.Verify(SignRaw(key_, header, claims), now_);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << claims;
    EXPECT_THAT(std::string(p.status().message()),
                ::testing::HasSubstr("claims incomplete"))
        << claims;
  }
}

TEST_F(TokenTest, RotationKeepsOldKeyValidAlongsideNew) {
  SigningKey k2 = GenerateSigningKey("k2");
  TokenVerifier both({{"k1", key_.public_key}, {"k2", k2.public_key}});
  EXPECT_TRUE(both.Verify(signer_.Sign(CountyClerk(now_)), now_).ok());
  EXPECT_TRUE(both.Verify(TokenSigner(k2).Sign(CountyClerk(now_)), now_).ok());
}

TEST_F(TokenTest, KeyFilesRoundTrip) {
  absl::StatusOr<SigningKey> loaded =
      SigningKeyFromJson(SigningKeyToJson(key_));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->secret_key, key_.secret_key);
  absl::StatusOr<TokenVerifier> verifier =
      TokenVerifier::FromJson(VerifyKeysToJson({{"k1", key_.public_key}}));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(
      verifier->Verify(TokenSigner(*loaded).Sign(CountyClerk(now_)), now_)
          .ok());
  EXPECT_FALSE(TokenVerifier::FromJson("{}").ok());
  EXPECT_FALSE(SigningKeyFromJson("not json").ok());
}

// A token properly signed but whose claims do not fit together.
absl::Status VerifyClaims(const TokenSigner& signer,
                          const TokenVerifier& verifier, Principal p,
                          absl::Time now) {
  return verifier.Verify(signer.Sign(p), now).status();
}

TEST_F(TokenTest, OrgMustBeTheLastUnitOfThePath) {
  Principal p = CountyClerk(now_);
  p.org_path = "/city/";  // cangxian's clerk claiming the whole city
  absl::Status s = VerifyClaims(signer_, verifier_, p, now_);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("org is not the last unit"), std::string::npos)
      << s.message();
  p.org_path = "/city/xinhua/";
  EXPECT_EQ(VerifyClaims(signer_, verifier_, p, now_).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(TokenTest, RoleMustFitThePathsLevel) {
  struct Case {
    Role role;
    const char* org;
    const char* path;
    bool valid;
  };
  const Case cases[] = {
      {Role::kCityAdmin, "city", "/city/", true},
      {Role::kAssessor, "city", "/city/", true},
      {Role::kAuditor, "city", "/city/", true},
      {Role::kService, "city", "/city/", true},
      {Role::kCountyStaff, "cangxian", "/city/cangxian/", true},
      {Role::kGrassrootsStaff, "g1", "/city/cangxian/g1/", true},
      {Role::kMember, "g1", "/city/cangxian/g1/", true},
      {Role::kPartnerBank, "bank", "/bank/", true},
      {Role::kCityAdmin, "cangxian", "/city/cangxian/", false},
      {Role::kAssessor, "cangxian", "/city/cangxian/", false},
      {Role::kAuditor, "g1", "/city/cangxian/g1/", false},
      {Role::kService, "cangxian", "/city/cangxian/", false},
      {Role::kCountyStaff, "city", "/city/", false},
      {Role::kCountyStaff, "g1", "/city/cangxian/g1/", false},
      {Role::kGrassrootsStaff, "cangxian", "/city/cangxian/", false},
      {Role::kMember, "city", "/city/", false},
      {Role::kMember, "cangxian", "/city/cangxian/", false},
      {Role::kPartnerBank, "city", "/city/", false},
      {Role::kCityAdmin, "bank", "/bank/", false},
      {Role::kCityAdmin, "other", "/other/", false},
      {Role::kCountyStaff, "x", "/other/x/", false},
  };
  for (const Case& c : cases) {
    Principal p = CountyClerk(now_);
    p.role = c.role;
    p.org_id = c.org;
    p.org_path = c.path;
    absl::Status s = VerifyClaims(signer_, verifier_, p, now_);
    EXPECT_EQ(s.ok(), c.valid)
        << RoleName(c.role) << " " << c.path << ": " << s.message();
    if (!c.valid) {
      EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
    }
  }
}

TEST_F(TokenTest, LifetimeLongerThanTheMaximumIsRefused) {
  Principal p = CountyClerk(now_);
  p.expires_at = now_ + absl::Hours(24 * 365 * 100);  // a hundred years
  absl::Status s = VerifyClaims(signer_, verifier_, p, now_);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("at most 31 days"), std::string::npos)
      << s.message();
  p.expires_at = now_ + kMaxTokenLifetime + absl::Seconds(1);
  EXPECT_FALSE(VerifyClaims(signer_, verifier_, p, now_).ok());
  p.expires_at = now_ + kMaxTokenLifetime;
  EXPECT_TRUE(VerifyClaims(signer_, verifier_, p, now_).ok());
  // deploy/local/up.sh's service tokens: 43200 minutes.
  p.expires_at = now_ + absl::Minutes(43200);
  EXPECT_TRUE(VerifyClaims(signer_, verifier_, p, now_).ok());
  p.expires_at = now_;  // no lifetime at all
  EXPECT_FALSE(VerifyClaims(signer_, verifier_, p, now_).ok());
}

}  // namespace
}  // namespace unioncard::auth
