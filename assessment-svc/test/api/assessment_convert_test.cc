// SimulateAssessment's request checks, without a server: every number and
// text has a stated range and each bad field is named.
#include "assessment-svc/src/api/assessment_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Fields(const status::FieldErrors& errors) {
  std::vector<std::string> out;
  for (const auto& v : status::FieldViolationsOf(errors.ToStatus())) {
    out.push_back(v.field);
  }
  return out;
}

std::string Messages(const status::FieldErrors& errors) {
  return std::string(errors.ToStatus().message());
}

SimulationBounds Bounds() {
  SimulationBounds b;
  b.years = AssessableYears(2016, absl::CivilDay(2026, 12, 1));
  b.is_unit = [](const std::string& code) {
    return code == "xinhua" || code == "yunhe";
  };
  b.max_units = 2;
  return b;
}

v1::SimulatedUnit Unit(const std::string& code) {
  v1::SimulatedUnit u;
  u.set_unit_code(code);
  u.set_plan(100);
  for (int64_t q : {30, 60, 90, 120}) u.add_issued_by_quarter_end(q);
  u.set_issued_cumulative(120);
  u.set_activated_cumulative(90);
  u.set_service_items(5);
  u.set_leadership("3");
  u.set_measures("4");
  return u;
}

v1::SimulateAssessmentRequest Request(int year) {
  v1::SimulateAssessmentRequest r;
  r.set_year(year);
  *r.add_units() = Unit("xinhua");
  return r;
}

TEST(HalfPointsTest, NegativeAndMalformedAreRefused) {
  for (const char* bad :
       {"-0.5", "-0", "-1", "+1", " 1", "1 ", "0.25", "4.5", "5", "1e1", "",
        ".5", "9223372036854775807.5", "4611686018427387904"}) {
    status::FieldErrors errors;
    EXPECT_FALSE(ParseHalfPoints(bad, 4, "measures", errors).has_value())
        << bad;
    EXPECT_THAT(Fields(errors), ElementsAre("measures")) << bad;
  }
  status::FieldErrors errors;
  EXPECT_EQ(ParseHalfPoints("0.5", 4, "measures", errors), Score::Halves(1));
  EXPECT_EQ(ParseHalfPoints("4", 4, "measures", errors), Score::Points(4));
  EXPECT_EQ(ParseHalfPoints("3.0", 4, "measures", errors), Score::Points(3));
  EXPECT_EQ(ParseHalfPoints("0", 3, "leadership", errors), Score());
  EXPECT_TRUE(errors.empty());
}

TEST(SimulationBoundsTest, YearsOutsideTheProgrammeAreRefused) {
  for (int year : {0, 1999, 2015, 2032, 2200, -2017}) {
    status::FieldErrors errors;
    FromProto(Request(year), Bounds(), errors);
    EXPECT_THAT(Fields(errors), ElementsAre("year")) << year;
    EXPECT_NE(Messages(errors).find("2016 to 2031"), std::string::npos)
        << Messages(errors);
  }
  for (int year : {2016, 2026, 2031}) {
    status::FieldErrors errors;
    FromProto(Request(year), Bounds(), errors);
    EXPECT_TRUE(errors.empty()) << year << ": " << Messages(errors);
  }
}

TEST(SimulationBoundsTest, UnitCodesMustBeKnownAndAreEchoedShort) {
  v1::SimulateAssessmentRequest r = Request(2017);
  r.mutable_units(0)->set_unit_code("");
  *r.add_units() = Unit(std::string(1 << 20, 'u'));  // 1 MiB
  status::FieldErrors errors;
  FromProto(r, Bounds(), errors);
  EXPECT_THAT(Fields(errors),
              ElementsAre("units[0].unit_code", "units[1].unit_code"));
  EXPECT_LT(Messages(errors).size(), 400u);
}

TEST(SimulationBoundsTest, AtMostAsManyUnitsAsTheCountyHas) {
  v1::SimulateAssessmentRequest r;
  r.set_year(2017);
  for (int i = 0; i < 5000; ++i) *r.add_units() = Unit("xinhua");
  status::FieldErrors errors;
  EXPECT_THAT(FromProto(r, Bounds(), errors), IsEmpty());
  EXPECT_THAT(Fields(errors), ElementsAre("units"));
  EXPECT_NE(Messages(errors).find("5000 units"), std::string::npos);

  r.clear_units();
  status::FieldErrors none;
  FromProto(r, Bounds(), none);
  EXPECT_THAT(Fields(none), ElementsAre("units"));
}

TEST(SimulationBoundsTest, CountsAndPlansHaveAStatedMaximum) {
  const int64_t huge = int64_t{1} << 62;
  v1::SimulateAssessmentRequest r = Request(2017);
  v1::SimulatedUnit* u = r.mutable_units(0);
  u->set_plan(huge);
  u->set_issued_by_quarter_end(3, kMaxCount + 1);
  u->set_issued_cumulative(-1);
  u->set_activated_cumulative(huge);
  u->set_service_items(INT64_MIN);
  u->set_omissions(-3);
  u->set_criticisms(kMaxIncidents + 1);
  u->set_measures("-0.5");
  status::FieldErrors errors;
  FromProto(r, Bounds(), errors);
  EXPECT_THAT(
      Fields(errors),
      ElementsAre("units[0].plan", "units[0].issued_by_quarter_end[3]",
                  "units[0].issued_cumulative", "units[0].activated_cumulative",
                  "units[0].service_items", "units[0].measures",
                  "units[0].omissions", "units[0].criticisms"));
  EXPECT_NE(Messages(errors).find("must be 0 to 1000000000"),
            std::string::npos);

  // The edge itself is accepted, and the domain scores it without
  // overflow: completion is exactly 100.0%.
  v1::SimulateAssessmentRequest edge = Request(2017);
  v1::SimulatedUnit* e = edge.mutable_units(0);
  e->set_plan(kMaxCount);
  for (int q = 0; q < 4; ++q) e->set_issued_by_quarter_end(q, kMaxCount);
  e->set_issued_cumulative(kMaxCount);
  e->set_activated_cumulative(kMaxCount);
  e->set_service_items(kMaxCount);
  e->set_omissions(kMaxIncidents);
  e->set_criticisms(kMaxIncidents);
  status::FieldErrors ok;
  std::vector<UnitYearInputs> units = FromProto(edge, Bounds(), ok);
  ASSERT_TRUE(ok.empty()) << Messages(ok);
  absl::StatusOr<YearAssessment> year =
      AssessYearFromQuarters(2017, units, ScoringPolicy());
  ASSERT_TRUE(year.ok()) << year.status();
  EXPECT_EQ(year->units[0].completion.PercentString(1), "100.0");

  // A plan of 1 against the maximum count: a huge, positive percentage.
  e->set_plan(1);
  status::FieldErrors ok2;
  units = FromProto(edge, Bounds(), ok2);
  year = AssessYearFromQuarters(2017, units, ScoringPolicy());
  ASSERT_TRUE(year.ok()) << year.status();
  EXPECT_EQ(year->units[0].completion.PercentString(1), "100000000000.0");
  EXPECT_GT(year->units[0].total, Score());
}

}  // namespace
}  // namespace unioncard::assessment
