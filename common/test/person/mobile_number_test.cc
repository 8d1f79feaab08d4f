#include "common/person/mobile_number.h"

#include "gtest/gtest.h"

namespace unioncard::person {
namespace {

TEST(MobileNumberTest, NormalisesCommonSpellings) {
  EXPECT_EQ(*NormalizeMobileNumber("13812345678"), "13812345678");
  EXPECT_EQ(*NormalizeMobileNumber("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(*NormalizeMobileNumber("8613812345678"), "13812345678");
}

TEST(MobileNumberTest, RejectsNonMobileNumbers) {
  for (const char* bad : {"", "1381234567", "23812345678", "12812345678",
                          "0317-1234567", "138123456789", "1381234567a"}) {
    EXPECT_EQ(NormalizeMobileNumber(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(MobileNumberTest, MaskShowsFirstThreeAndLastFour) {
  EXPECT_EQ(MaskMobileNumber("13812345678"), "138****5678");
}

}  // namespace
}  // namespace unioncard::person
