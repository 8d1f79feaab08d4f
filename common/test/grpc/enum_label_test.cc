#include "common/grpc/enum_label.h"

#include "card/v1/payouts.pb.h"
#include "gtest/gtest.h"
#include "merchant/v1/merchant.pb.h"

namespace unioncard::rpc {
namespace {

TEST(EnumLabelTest, DropsTheTypePrefixTheProtosRequire) {
  EXPECT_EQ(EnumLabel(merchant::v1::MERCHANT_STATE_ACTIVE), "ACTIVE");
  EXPECT_EQ(EnumLabel(card::v1::PAYOUT_ITEM_STATE_AT_BANK), "AT_BANK");
  // A nested enum's prefix is its own name's.
  EXPECT_EQ(EnumLabel(card::v1::ReconciliationDifference::KIND_MISSING_AT_BANK),
            "MISSING_AT_BANK");
  // A number the enum does not know is shown as the number.
  EXPECT_EQ(EnumLabel(static_cast<merchant::v1::MerchantState>(42)), "42");
}

TEST(EnumLabelTest, ParsesEitherFormInAnyCaseButNotUnspecified) {
  merchant::v1::Category category = merchant::v1::CATEGORY_UNSPECIFIED;
  ASSERT_TRUE(ParseEnumLabel("food", &category));
  EXPECT_EQ(category, merchant::v1::CATEGORY_FOOD);
  ASSERT_TRUE(ParseEnumLabel("CATEGORY_CULTURE_SPORT", &category));
  EXPECT_EQ(category, merchant::v1::CATEGORY_CULTURE_SPORT);
  EXPECT_FALSE(ParseEnumLabel("unspecified", &category));
  EXPECT_FALSE(ParseEnumLabel("CATEGORY_UNSPECIFIED", &category));
  EXPECT_FALSE(ParseEnumLabel("books", &category));
  EXPECT_EQ(category, merchant::v1::CATEGORY_CULTURE_SPORT);  // untouched
}

}  // namespace
}  // namespace unioncard::rpc
