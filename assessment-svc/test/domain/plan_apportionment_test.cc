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

TEST(PlanApportionmentTest, APeriodPlansTheRiseOfEachYearsTarget) {
  // 10%: 123.4 / 567.8 → 100 / 600 (city 691.2 → 700; .678 gets the spare
  // hundred). 40%: 493.6 / 2,271.2 → 500 / 2,300 (city 2,764.8 → 2,800;
  // .936 gets it). The second year's plan is the rise: 400 / 1,700.
  auto period = PlanPeriod({1234, 5678}, {Ratio{10, 100}, Ratio{40, 100}});
  ASSERT_TRUE(period.ok()) << period.status();
  EXPECT_EQ(period->cumulative,
            (std::vector<std::vector<int64_t>>{{100, 600}, {500, 2300}}));
  EXPECT_EQ(period->plans,
            (std::vector<std::vector<int64_t>>{{100, 600}, {400, 1700}}));
}

TEST(PlanApportionmentTest, APeriodsTargetsMustRise) {
  auto flat = PlanPeriod({1000}, {Ratio{40, 100}, Ratio{40, 100}});
  EXPECT_EQ(flat.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(flat.status().message().find("coverage_targets[1]"),
            std::string::npos);
  auto over = PlanPeriod({1000}, {Ratio{50, 100}, Ratio{120, 100}});
  EXPECT_NE(over.status().message().find("coverage_targets[1]"),
            std::string::npos);
  EXPECT_EQ(PlanPeriod({1000}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace unioncard::assessment
