#include "gateway/src/domain/client_address.h"

#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

TEST(ClientAddressTest, OnlyTrustedProxiesMayNameTheClient) {
  auto trusted = TrustedProxies::Parse("10.0.0.0/8, 127.0.0.1");
  ASSERT_TRUE(trusted.ok()) << trusted.status();
  // A direct caller's header is ignored: anyone can write it.
  EXPECT_EQ(ClientAddress("203.0.113.9", "198.51.100.1", *trusted),
            "203.0.113.9");
  // Behind the ingress (10.x): the right-most untrusted hop.
  EXPECT_EQ(ClientAddress("10.1.2.3", "198.51.100.1, 203.0.113.7", *trusted),
            "203.0.113.7");
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7, 10.9.9.9", *trusted),
            "203.0.113.7");
  // No header, or garbage in it: the last trusted hop.
  EXPECT_EQ(ClientAddress("10.1.2.3", "", *trusted), "10.1.2.3");
  EXPECT_EQ(ClientAddress("10.1.2.3", "not-an-ip", *trusted), "10.1.2.3");
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.0.0.5, <script>", *trusted),
            "127.0.0.1");
  // Nothing trusted: always the peer.
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7", TrustedProxies()),
            "10.1.2.3");
}

TEST(ClientAddressTest, NetworksParseOrAreRefusedByName) {
  auto narrow = TrustedProxies::Parse("192.168.4.0/30,::1");
  ASSERT_TRUE(narrow.ok());
  EXPECT_TRUE(narrow->Contains("192.168.4.3"));
  EXPECT_FALSE(narrow->Contains("192.168.4.4"));
  EXPECT_TRUE(narrow->Contains("::1"));
  EXPECT_TRUE(TrustedProxies::Parse("0.0.0.0/0")->Contains("8.8.8.8"));
  for (const char* bad : {"10.0.0.0/33", "ingress", "10.0.0/8", "::1/64"}) {
    auto refused = TrustedProxies::Parse(bad);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace unioncard::gateway
