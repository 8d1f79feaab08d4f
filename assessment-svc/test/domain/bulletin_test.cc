#include "assessment-svc/src/domain/bulletin.h"

#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

TEST(BulletinTest, RowsRankedWithPercentagesAndACityTotal) {
  // Xinhua: 2016 plan 4,200, 42,292 members; Yunhe: 6,500, 65,024.
  auto bulletin =
      BuildBulletin({{"xinhua", 42292, 4200, 2100, 2100, 2090, 1500},
                     {"yunhe", 65024, 6500, 3900, 3900, 3900, 2340},
                     {"haixing", 47916, 4800, 2400, 2400, 2400, 0}},
                    ScoringPolicy());
  ASSERT_TRUE(bulletin.ok()) << bulletin.status();
  const auto& rows = bulletin->rows;
  ASSERT_EQ(rows.size(), 3u);
  // yunhe 60% first; haixing and xinhua both 50%: shared rank 2.
  EXPECT_EQ(rows[0].unit.unit_code, "yunhe");
  EXPECT_EQ(rows[0].rank, 1);
  EXPECT_EQ(rows[0].completion.PercentString(), "60.0");
  EXPECT_EQ(rows[0].activation_rate->PercentString(), "60.0");
  EXPECT_EQ(rows[1].unit.unit_code, "haixing");
  EXPECT_EQ(rows[1].rank, 2);
  EXPECT_EQ(rows[1].activation_rate->PercentString(), "0.0");
  EXPECT_EQ(rows[2].unit.unit_code, "xinhua");
  EXPECT_EQ(rows[2].rank, 2);
  EXPECT_EQ(rows[2].coverage->PercentString(), "4.9");  // 2,090 / 42,292
  EXPECT_EQ(rows[2].activation_rate->PercentString(), "71.4");  // 1,500/2,100
  EXPECT_EQ(bulletin->city.unit.plan, 15500);
  EXPECT_EQ(bulletin->city.completion.PercentString(), "54.2");  // 8,400/15,500
}

TEST(BulletinTest, ImpossibleCountersAreRefused) {
  auto bulletin = BuildBulletin({{"a", 10, 100, 5, 4, 4, 4}}, ScoringPolicy());
  EXPECT_EQ(bulletin.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildBulletin({{"a", 10, 0, 0, 0, 0, 0}}, ScoringPolicy())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BulletinTest, NoCardsMeansNoActivationRate) {
  auto bulletin = BuildBulletin({{"a", 10, 100, 0, 0, 0, 0}}, ScoringPolicy());
  ASSERT_TRUE(bulletin.ok());
  EXPECT_FALSE(bulletin->rows[0].activation_rate.has_value());
  EXPECT_EQ(bulletin->rows[0].coverage->PercentString(), "0.0");
}

}  // namespace
}  // namespace unioncard::assessment
