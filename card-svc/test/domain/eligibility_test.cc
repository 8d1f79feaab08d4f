#include "card-svc/src/domain/eligibility.h"

#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

TEST(EligibilityTest, OnlyAnActiveCityApprovedMemberGetsACard) {
  EXPECT_TRUE(CheckCardEligibility({7, true, true, "CITY_APPROVED"}).ok());

  absl::Status left = CheckCardEligibility({7, false, true, "CITY_APPROVED"});
  EXPECT_EQ(left.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(left.message(), "member 7 has left the union; no card");

  absl::Status pending =
      CheckCardEligibility({8, true, false, "COUNTY_VERIFIED"});
  EXPECT_EQ(pending.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(pending.message(),
            "member 8 is COUNTY_VERIFIED; only CITY_APPROVED members may get "
            "a card");
  // Having left is said first: approval does not matter then.
  EXPECT_NE(CheckCardEligibility({9, false, false, "SUBMITTED"})
                .message()
                .find("has left"),
            std::string::npos);
}

}  // namespace
}  // namespace unioncard::card
