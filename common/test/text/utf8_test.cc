#include "common/text/utf8.h"

#include "gtest/gtest.h"

namespace unioncard::text {
namespace {

TEST(Utf8Test, Validation) {
  EXPECT_TRUE(IsValidUtf8("沧州 abc 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC5\xB7\xD1\xF4"));  // GBK bytes of 欧阳
  EXPECT_FALSE(IsValidUtf8("\xE6\xB2"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
}

TEST(Utf8Test, DecodeCountsCharactersNotBytes) {
  EXPECT_EQ(DecodeUtf8("沧州·a😀"),
            (std::vector<char32_t>{0x6CA7, 0x5DDE, 0xB7, 'a', 0x1F600}));
}

TEST(Utf8Test, CheckTextLimitsCharacters) {
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "沧";
  EXPECT_TRUE(CheckText(hundred, 100).ok());  // 300 bytes, 100 characters
  EXPECT_EQ(CheckText(hundred + "州", 100).message(),
            "is longer than 100 characters");
  EXPECT_EQ(CheckText("\xff", 100).message(), "is not valid UTF-8 text");
}

}  // namespace
}  // namespace unioncard::text
