#include "common/text/iso_date.h"

#include "gtest/gtest.h"

namespace unioncard::text {
namespace {

TEST(IsoDateTest, AcceptsExactlyTheIsoForm) {
  EXPECT_EQ(ParseIsoDay("2026-12-01"), absl::CivilDay(2026, 12, 1));
  EXPECT_EQ(ParseIsoDay("2024-02-29"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(ParseIsoMonth("2026-12"), absl::CivilMonth(2026, 12));
}

// Found by tests/fuzz/dates_fuzzer: "+2026-1-12" was read as 2026-01-12
// by every API date field.
TEST(IsoDateTest, RefusesWhatParseCivilTimeWouldNormalise) {
  for (const char* text :
       {"+2026-1-12", "2026-1-012", "2026-02-30", "2025-02-29", "2026-13-01",
        "0000-01-01", "-001-01-01", " 2026-1-01", "2026-12-1 ", "2026/12/01",
        "", "2026-12-01x"}) {
    EXPECT_FALSE(ParseIsoDay(text).has_value()) << text;
  }
  for (const char* text :
       {"+2026-1", "2026-1 ", "2026-13", "0000-01", "2026/12"}) {
    EXPECT_FALSE(ParseIsoMonth(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace unioncard::text
