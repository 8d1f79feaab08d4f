#include "gateway/src/domain/totp.h"

#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

// RFC 6238 appendix B, SHA-1 column (8 digits), secret "1234567890" × 2.
TEST(Totp, MatchesTheRfc6238Vectors) {
  const std::string secret = "12345678901234567890";
  EXPECT_EQ(TotpCode(secret, 59 / 30, 8), "94287082");
  EXPECT_EQ(TotpCode(secret, 1111111109 / 30, 8), "07081804");
  EXPECT_EQ(TotpCode(secret, 1111111111 / 30, 8), "14050471");
  EXPECT_EQ(TotpCode(secret, 1234567890 / 30, 8), "89005924");
  EXPECT_EQ(TotpCode(secret, 2000000000 / 30, 8), "69279037");
  EXPECT_EQ(TotpCode(secret, 59 / 30), "287082");  // six digits
}

TEST(Totp, AcceptsOneStepOfDriftAndEachCodeOnce) {
  const std::string secret = "12345678901234567890";
  const absl::Time now = absl::FromUnixSeconds(1111111111);
  const int64_t step = TotpStep(now);
  const std::string code = TotpCode(secret, step);
  EXPECT_EQ(MatchTotp(secret, code, now, 0), step);
  EXPECT_EQ(MatchTotp(secret, TotpCode(secret, step - 1), now, 0), step - 1);
  EXPECT_EQ(MatchTotp(secret, TotpCode(secret, step + 1), now, 0), step + 1);
  EXPECT_FALSE(MatchTotp(secret, TotpCode(secret, step - 2), now, 0));
  EXPECT_FALSE(MatchTotp(secret, code, now, step));  // used already
  EXPECT_FALSE(MatchTotp(secret, "12345", now, 0));
  EXPECT_FALSE(MatchTotp(secret, "12a456", now, 0));
}

TEST(Totp, Base32RoundTripsAndUriCarriesIt) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");  // RFC 4648 §10
  EXPECT_EQ(Base32Decode("MZXW6YTBOI").value(), "foobar");
  EXPECT_EQ(Base32Decode("mzxw6ytboi======").value(), "foobar");
  EXPECT_FALSE(Base32Decode("MZ1W").has_value());
  EXPECT_EQ(OtpauthUri("沧州工会", "wang.fang", "foobar"),
            "otpauth://totp/%E6%B2%A7%E5%B7%9E%E5%B7%A5%E4%BC%9A:wang.fang?"
            "secret=MZXW6YTBOI&issuer=%E6%B2%A7%E5%B7%9E%E5%B7%A5%E4%BC%9A&"
            "algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace unioncard::gateway
