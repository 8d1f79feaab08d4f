#include "assessment-svc/src/domain/plan_apportionment.h"

#include <numeric>

#include "common/reference/county_plan.h"
#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

TEST(PlanApportionmentTest, HandWorkedLargestRemainder) {
  // 10% of 4,250 / 3,340 / 2,410 = 425 / 334 / 241: city 1,000 → 10 hundreds.
  // Floors 4 + 3 + 2 = 9; remainders 25, 34, 41 → the third gets the last.
  auto plan = ApportionToHundreds({4250, 3340, 2410}, Ratio{10, 100});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(*plan, (std::vector<int64_t>{400, 300, 300}));
}

TEST(PlanApportionmentTest, CangzhouMembersAddUpToTheRoundedCityTotal) {
  auto shipped = reference::ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  ASSERT_TRUE(shipped.ok());
  std::vector<int64_t> members;
  for (const auto& county : *shipped) members.push_back(county.members_2015);
  for (int64_t percent : {10, 40, 80}) {
    auto plan = ApportionToHundreds(members, Ratio{percent, 100});
    ASSERT_TRUE(plan.ok());
    const int64_t sum = std::accumulate(plan->begin(), plan->end(), int64_t{0});
    // 1,444,534 × p% rounded to hundreds: 144,500 / 577,800 / 1,155,600.
    const int64_t expected = (1444534 * percent + 5000) / 10000 * 100;
    EXPECT_EQ(sum, expected) << percent;
    for (size_t i = 0; i < members.size(); ++i) {
      EXPECT_EQ((*plan)[i] % 100, 0);
      // Never more than one hundred away from the exact quota.
      const double quota = members[i] * percent / 100.0;
      EXPECT_LT(std::abs((*plan)[i] - quota), 100.0) << i;
    }
  }
}

TEST(PlanApportionmentTest, BadInput) {
  EXPECT_EQ(ApportionToHundreds({100}, Ratio{101, 100}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApportionToHundreds({-1}, Ratio{1, 10}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ApportionToHundreds({}, Ratio{1, 10})->empty());
}

}  // namespace
}  // namespace unioncard::assessment
