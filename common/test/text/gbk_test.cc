#include "common/text/gbk.h"

#include "gtest/gtest.h"

namespace unioncard::text {
namespace {

TEST(GbkTest, RoundTripsChineseNamesIncludingTheMiddleDot) {
  const std::string utf8 = "欧阳娜娜,阿卜杜拉·买买提,沧县总工会";
  absl::StatusOr<std::string> gbk = Utf8ToGbk(utf8);
  ASSERT_TRUE(gbk.ok()) << gbk.status();
  EXPECT_EQ(gbk->substr(0, 2), "\xC5\xB7");  // 欧 in GBK
  EXPECT_EQ(*GbkToUtf8(*gbk), utf8);
}

TEST(GbkTest, UnrepresentableOrBrokenInputIsAnErrorNotAQuestionMark) {
  EXPECT_EQ(Utf8ToGbk("emoji 😀").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GbkToUtf8("\x81").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace unioncard::text
