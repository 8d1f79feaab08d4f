#include "common/reference/county_plan.h"

#include "gtest/gtest.h"

namespace unioncard::reference {
namespace {

TEST(CountyPlanTest, ShippedPlanHasTheOfficialTotals) {
  auto plan = ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 22u);
  int64_t members = 0, y2016 = 0, cum2017 = 0, cum2018 = 0;
  for (const CountyPlan& p : *plan) {
    members += p.members_2015;
    y2016 += p.issue_2016;
    cum2017 += p.cumulative_2017;
    cum2018 += p.cumulative_2018;
    EXPECT_EQ(p.issue_2016 + p.issue_2017, p.cumulative_2017) << p.unit_code;
    EXPECT_EQ(p.cumulative_2017 + p.issue_2018, p.cumulative_2018)
        << p.unit_code;
  }
  EXPECT_EQ(members, 1444534);
  EXPECT_EQ(y2016, 144400);
  EXPECT_EQ(cum2017, 577800);
  EXPECT_EQ(cum2018, 1155700);
  EXPECT_EQ((*plan)[0].unit_code, "xinhua");
  EXPECT_EQ((*plan)[0].name_zh, "新华区总工会");
  EXPECT_EQ((*plan)[0].region_code, "130902");
}

TEST(CountyPlanTest, BadRowsNameLineAndColumn) {
  const std::string header =
      "unit_code,name_zh,name_en,region_code,members_2015,issue_2016,"
      "rate_2016_pct,issue_2017,cumulative_2017,rate_2017_pct,issue_2018,"
      "cumulative_2018,rate_2018_pct\n";
  absl::Status s =
      ParseCountyPlanCsv(header + "x,X,X,,12a,1,10,1,2,40,1,3,80\n").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 2, column members_2015"), std::string::npos)
      << s.message();
  EXPECT_FALSE(ParseCountyPlanCsv("unit_code\nx\n").ok());
  EXPECT_FALSE(ParseCountyPlanCsv(header + "x,X\n").ok());
}

}  // namespace
}  // namespace unioncard::reference
