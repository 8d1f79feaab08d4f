#include "tools/datagen/member_generator.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "common/csv/csv.h"
#include "common/person/mobile_number.h"
#include "common/person/resident_id.h"
#include "common/text/gbk.h"
#include "gtest/gtest.h"
#include "tools/datagen/csv_file_writer.h"

namespace unioncard::datagen {
namespace {

std::vector<reference::CountyPlan> ShippedPlan() {
  auto plan = reference::ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() ? *plan : std::vector<reference::CountyPlan>{};
}

struct Generated {
  std::vector<GrassrootsUnion> unions;
  std::vector<GeneratedMember> members;
};

Generated GenerateAll(double scale, uint64_t seed = 2016) {
  GeneratorOptions options;
  options.scale = scale;
  options.seed = seed;
  MemberGenerator generator(ShippedPlan(), options);
  Generated out;
  generator.Generate(
      [&](const GrassrootsUnion& u) { out.unions.push_back(u); },
      [&](const GeneratedMember& m) { out.members.push_back(m); });
  return out;
}

TEST(MemberGeneratorTest, CountiesGetTheirShareOfMembers) {
  const Generated g = GenerateAll(0.02);
  std::map<std::string, int64_t> per_county;
  for (const auto& m : g.members) ++per_county[m.county_code];
  int64_t total = 0;
  for (const auto& county : ShippedPlan()) {
    EXPECT_EQ(per_county[county.unit_code],
              std::llround(county.members_2015 * 0.02))
        << county.unit_code;
    total += per_county[county.unit_code];
  }
  EXPECT_EQ(total, static_cast<int64_t>(g.members.size()));
  EXPECT_NEAR(total, 1444534 * 0.02, 22);
}

TEST(MemberGeneratorTest, EveryIdNumberPassesGb11643AndIsUnique) {
  const Generated g = GenerateAll(0.02);
  const absl::CivilDay as_of(2016, 1, 1);
  std::set<std::string> seen;
  std::map<std::string, std::string> region_of;
  for (const auto& county : ShippedPlan()) {
    region_of[county.unit_code] = county.region_code;
  }
  int males = 0;
  for (const auto& m : g.members) {
    absl::StatusOr<person::ResidentId> id =
        person::ParseResidentId(m.id_number, as_of);
    ASSERT_TRUE(id.ok()) << m.id_number << ": " << id.status();
    EXPECT_TRUE(seen.insert(m.id_number).second) << "duplicate " << m.id_number;
    if (!region_of[m.county_code].empty()) {
      EXPECT_EQ(id->region_code, region_of[m.county_code]);
    } else {
      EXPECT_TRUE(absl::StartsWith(id->region_code, "1309")) << m.id_number;
    }
    const int age = person::AgeOn(id->birth_date, as_of);
    EXPECT_GE(age, 18);
    EXPECT_LE(age, 60);
    if (id->gender == person::Gender::kMale) ++males;
    EXPECT_TRUE(person::NormalizeMobileNumber(m.mobile).ok()) << m.mobile;
    EXPECT_LT(m.join_date, as_of);
    EXPECT_GE(m.join_date, id->birth_date + 365 * 17);
  }
  const double male_share = static_cast<double>(males) / g.members.size();
  EXPECT_NEAR(male_share, 0.56, 0.02);
}

TEST(MemberGeneratorTest, UnionsHaveRealisticSkewedSizes) {
  const Generated g = GenerateAll(0.05);
  std::vector<int64_t> sizes;
  int64_t sum = 0;
  for (const auto& u : g.unions) {
    EXPECT_TRUE(absl::EndsWith(u.name, "工会") ||
                absl::StrContains(u.name, "分会"))
        << u.name;
    sizes.push_back(u.members);
    sum += u.members;
  }
  EXPECT_EQ(sum, static_cast<int64_t>(g.members.size()));
  std::sort(sizes.begin(), sizes.end());
  const int64_t median = sizes[sizes.size() / 2];
  EXPECT_GE(median, 30);
  EXPECT_LE(median, 120);
  EXPECT_GE(sizes.back(), 500);  // some large workplaces
}

TEST(MemberGeneratorTest, SameSeedSameDataOtherSeedOtherData) {
  const Generated a = GenerateAll(0.005, 7), b = GenerateAll(0.005, 7),
                  c = GenerateAll(0.005, 8);
  ASSERT_EQ(a.members.size(), b.members.size());
  for (size_t i = 0; i < a.members.size(); ++i) {
    ASSERT_EQ(a.members[i].id_number, b.members[i].id_number);
    ASSERT_EQ(a.members[i].name, b.members[i].name);
  }
  EXPECT_NE(a.members[0].id_number, c.members[0].id_number);
}

TEST(MemberGeneratorTest, GbkFileReadsBackAsTheSameUtf8) {
  const Generated g = GenerateAll(0.002);
  const std::string utf8_path = ::testing::TempDir() + "/m-utf8.csv";
  const std::string gbk_path = ::testing::TempDir() + "/m-gbk.csv";
  for (auto [path, encoding] : {std::pair{utf8_path, Encoding::kUtf8},
                                std::pair{gbk_path, Encoding::kGbk}}) {
    CsvFileWriter writer;
    ASSERT_TRUE(writer.Open(path, encoding).ok());
    for (const auto& m : g.members) {
      ASSERT_TRUE(writer.Write({m.name, m.employer, m.id_number}).ok());
    }
    ASSERT_TRUE(writer.Close().ok());
  }
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const std::string utf8 = slurp(utf8_path), gbk = slurp(gbk_path);
  EXPECT_NE(utf8, gbk);
  EXPECT_FALSE(text::IsValidUtf8(gbk));
  absl::StatusOr<std::string> back = text::GbkToUtf8(gbk);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, utf8);

  std::istringstream in(utf8);
  csv::CsvReader reader(in);
  std::vector<std::string> row;
  absl::Status error;
  size_t rows = 0;
  while (reader.Next(&row, &error)) {
    ASSERT_TRUE(error.ok()) << error;
    ASSERT_EQ(row.size(), 3u);
    EXPECT_EQ(row[0], g.members[rows].name);
    ++rows;
  }
  EXPECT_EQ(rows, g.members.size());
}

}  // namespace
}  // namespace unioncard::datagen
