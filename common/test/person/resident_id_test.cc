#include "common/person/resident_id.h"

#include "common/person/region_code.h"
#include "gtest/gtest.h"

namespace unioncard::person {
namespace {

const absl::CivilDay kToday(2026, 11, 28);

TEST(ResidentIdTest, ValidNumberGivesBirthDateGenderAndRegion) {
  absl::StatusOr<ResidentId> id = ParseResidentId("130902198001011236", kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_code, "130902");
  EXPECT_EQ(id->birth_date, absl::CivilDay(1980, 1, 1));
  EXPECT_EQ(id->gender, Gender::kMale);  // sequence 123: odd

  id = ParseResidentId("130921199506150040", kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->gender, Gender::kFemale);  // sequence 004: even
}

TEST(ResidentIdTest, CheckCharacterXAcceptedInEitherCase) {
  // The GB 11643 standard's own example.
  EXPECT_EQ(ResidentIdCheckCharacter("11010519491231002"), 'X');
  absl::StatusOr<ResidentId> id = ParseResidentId("11010519491231002x", kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->number, "11010519491231002X");
}

TEST(ResidentIdTest, WrongCheckCharacterSaysWhichIsRequired) {
  absl::Status s = ParseResidentId("130902198001011237", kToday).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("require 6"), std::string::npos) << s.message();
}

TEST(ResidentIdTest, FifteenDigitLegacyNumberIsRefusedWithReason) {
  absl::Status s = ParseResidentId("130902800101123", kToday).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("18-digit"), std::string::npos);
}

TEST(ResidentIdTest, ImpossibleFutureOrOutOfRangeBirthDates) {
  auto with_birth = [](const std::string& yyyymmdd) {
    std::string first17 = "130902" + yyyymmdd + "123";
    return first17 + ResidentIdCheckCharacter(first17);
  };
  EXPECT_NE(ParseResidentId(with_birth("19900230"), kToday)
                .status()
                .message()
                .find("not a real date"),
            std::string::npos);
  EXPECT_NE(ParseResidentId(with_birth("20270101"), kToday)
                .status()
                .message()
                .find("future"),
            std::string::npos);
  // 16th birthday tomorrow: still 15.
  EXPECT_FALSE(ParseResidentId(with_birth("20101129"), kToday).ok());
  EXPECT_TRUE(ParseResidentId(with_birth("20101128"), kToday).ok());
  EXPECT_FALSE(ParseResidentId(with_birth("19200101"), kToday).ok());
  EXPECT_TRUE(
      ParseResidentId(with_birth("19200101"), kToday, AgePolicy{16, 110}).ok());
  EXPECT_TRUE(ParseResidentId(with_birth("20000229"), kToday).ok());
}

TEST(ResidentIdTest, MalformedInputIsInvalidArgument) {
  for (const char* bad :
       {"", "13090219800101123", "1309021980010112366", "13090219800101123A",
        "1309021980O101123X", "１３０９０２１９８０"}) {
    EXPECT_EQ(ParseResidentId(bad, kToday).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ResidentIdTest, UnknownProvinceCodeIsRefusedNamingTheRegion) {
  for (const char* prefix :
       {"000000", "100000", "160000", "200000", "240000", "380000", "470000",
        "550000", "660000", "700000", "720000", "800000", "840000", "990000"}) {
    const std::string first17 = std::string(prefix) + "19800101123";
    const absl::Status s =
        ParseResidentId(first17 + ResidentIdCheckCharacter(first17), kToday)
            .status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << prefix;
    EXPECT_NE(s.message().find("region code"), std::string::npos)
        << s.message();
  }
  for (const char* prefix :
       {"110105", "150000", "210000", "230000", "310000", "370000", "410000",
        "460000", "500000", "540000", "610000", "650000", "710000", "810000",
        "820000", "830000"}) {
    const std::string first17 = std::string(prefix) + "19800101123";
    EXPECT_TRUE(
        ParseResidentId(first17 + ResidentIdCheckCharacter(first17), kToday)
            .ok())
        << prefix;
  }
}

std::string WithRegion(const std::string& region) {
  const std::string first17 = region + "19800101123";
  return first17 + ResidentIdCheckCharacter(first17);
}

TEST(ResidentIdTest, RegionIsNamedFromGbt2260IncludingRetiredCodes) {
  absl::StatusOr<ResidentId> id = ParseResidentId(WithRegion("130903"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "河北省沧州市运河区");
  EXPECT_EQ(UnknownRegionWarning(id->region_code), "");
  // Municipalities: no "市辖区" between the city and its district.
  id = ParseResidentId(WithRegion("110105"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "北京市朝阳区");
  // Chongwen district was merged into Dongcheng in 2010; cards issued there
  // keep 110103 for life.
  id = ParseResidentId(WithRegion("110103"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "北京市崇文区");
  EXPECT_EQ(UnknownRegionWarning(id->region_code), "");
  // A county-level city under a province directly (省直辖县级行政区划).
  id = ParseResidentId(WithRegion("429004"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "湖北省仙桃市");
  id = ParseResidentId(WithRegion("130000"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "河北省");
}

// Residence permits of Hong Kong, Macao and Taiwan residents are numbered
// as ID cards under 810000, 820000 and 830000; their holders may join.
TEST(ResidentIdTest, ResidencePermitsOfHongKongMacaoAndTaiwanResidents) {
  absl::StatusOr<ResidentId> id = ParseResidentId(WithRegion("830000"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "台湾地区（台湾居民居住证）");
  EXPECT_EQ(UnknownRegionWarning(id->region_code), "");
  id = ParseResidentId(WithRegion("810000"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_name, "香港特别行政区");
  // Another code under 83 is, like any unknown county code, accepted with
  // a warning for the clerk to compare with the card.
  const absl::Status other =
      ParseResidentId(WithRegion("830100"), kToday).status();
  EXPECT_TRUE(other.ok()) << other;
  EXPECT_NE(UnknownRegionWarning("830100"), "");
}

TEST(ResidentIdTest, UnknownCountyCodeIsAcceptedWithAWarning) {
  // Hebei (13) is a province, but 1399xx names no prefecture in any list.
  absl::StatusOr<ResidentId> id = ParseResidentId(WithRegion("139999"), kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->region_code, "139999");
  EXPECT_EQ(id->region_name, "");
  const std::string warning = UnknownRegionWarning(id->region_code);
  EXPECT_NE(warning.find("region code 139999"), std::string::npos) << warning;
  EXPECT_NE(warning.find("accepted"), std::string::npos) << warning;
  EXPECT_EQ(RegionName("13090"), std::nullopt);
  EXPECT_EQ(RegionName("13090a"), std::nullopt);
  EXPECT_EQ(RegionName("1309021"), std::nullopt);
}

TEST(ResidentIdTest, RenamedAndReusedCodesSayTheirEarlierNames) {
  // Renamed in 2010: the prefecture itself, and a district under it.
  EXPECT_EQ(RegionName("420600"), "湖北省襄阳市（曾为襄樊市）");
  // Given to another county after 2002: a card from before names the other.
  EXPECT_EQ(RegionName("469025"), "海南省白沙黎族自治县（曾为定安县）");
  // Chongqing's county-level cities sit under the placeholder "市".
  EXPECT_EQ(RegionName("500381"), "重庆市江津市");
  // A suffix change alone (县 → 区) is the same place: no note.
  EXPECT_EQ(RegionName("130903"), "河北省沧州市运河区");
  // Placeholders asked for directly.
  EXPECT_EQ(RegionName("429000"), "湖北省省直辖县级行政区划");
}

TEST(ResidentIdTest, FullWidthDigitsAndXAreNormalisedToAscii) {
  // 11010519491231002X typed with a Chinese input method.
  absl::StatusOr<ResidentId> id =
      ParseResidentId("１１０１０５１９４９１２３１００２ｘ", kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->number, "11010519491231002X");
  id = ParseResidentId("１１０１０５１９４９１２３１００２Ｘ", kToday);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->number, "11010519491231002X");
  id = ParseResidentId("１３０９０２1980010112３６", kToday);  // mixed
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->number, "130902198001011236");
}

TEST(ResidentIdTest, LengthIsCountedInCharactersNotBytes) {
  // 18 characters, one of them Chinese: a length error would be wrong.
  absl::Status s = ParseResidentId("13090219800101123中", kToday).status();
  EXPECT_EQ(s.message(), "must be 17 digits followed by a digit or X");
  // 17 full-width digits: 17 characters (51 bytes).
  s = ParseResidentId("１３０９０２１９８００１０１１２３", kToday).status();
  EXPECT_EQ(s.message(), "must be 18 characters, got 17");
  s = ParseResidentId("一二三四五", kToday).status();
  EXPECT_EQ(s.message(), "must be 18 characters, got 5");
  s = ParseResidentId("\xff\xfe", kToday).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("not valid text"), std::string::npos);
}

TEST(ResidentIdTest, MaskKeepsRegionAndLastFour) {
  EXPECT_EQ(MaskResidentId("13090219800101123X"), "130902********123X");
  EXPECT_EQ(MaskResidentId("123"), "***");
}

}  // namespace
}  // namespace unioncard::person
