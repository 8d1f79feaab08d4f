#include "tools/datagen/member_generator.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/person/resident_id.h"
#include "tools/datagen/chinese_names.h"
#include "tools/datagen/random.h"

namespace unioncard::datagen {
namespace {

// For members of the zones that have no region code of their own: they
// were born and registered somewhere in the prefecture.
std::vector<std::string> PrefectureRegionCodes(
    const std::vector<reference::CountyPlan>& plan) {
  std::vector<std::string> codes;
  for (const auto& county : plan) {
    if (!county.region_code.empty()) codes.push_back(county.region_code);
  }
  if (codes.empty()) codes.push_back("130900");
  return codes;
}

// "沧县总工会" -> "沧县"; the city-direct group -> "沧州".
std::string PlaceName(const reference::CountyPlan& county) {
  absl::string_view name = county.name_zh;
  if (absl::ConsumeSuffix(&name, "总工会")) return std::string(name);
  return "沧州";
}

// Grassroots union sizes: log-normal, median 60, from 5 to 5,000 members.
int64_t RandomUnionSize(Random& random) {
  const double size = std::exp(std::log(60.0) + 1.1 * random.Normal());
  return std::clamp<int64_t>(std::llround(size), 5, 5000);
}

const char* kMobilePrefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138",
    "139", "150", "151", "152", "155", "156", "157", "158", "159",
    "166", "176", "177", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "191", "198", "199"};

std::string RandomMobile(Random& random) {
  return absl::StrFormat(
      "%s%08d",
      kMobilePrefixes[random.Below(sizeof(kMobilePrefixes) /
                                   sizeof(kMobilePrefixes[0]))],
      static_cast<int>(random.Below(100000000)));
}

// Uniform in [from, to]; `to` when the range is empty.
absl::CivilDay RandomDayBetween(Random& random, absl::CivilDay from,
                                absl::CivilDay to) {
  if (from > to) return to;
  return from + random.Between(0, to - from);
}

}  // namespace

int64_t MemberGenerator::MembersFor(const reference::CountyPlan& county) const {
  return std::llround(static_cast<double>(county.members_2015) *
                      options_.scale);
}

void MemberGenerator::Generate(
    const std::function<void(const GrassrootsUnion&)>& on_union,
    const std::function<void(const GeneratedMember&)>& on_member) {
  const std::vector<std::string> prefecture_codes =
      PrefectureRegionCodes(plan_);
  for (const reference::CountyPlan& county : plan_) {
    // Each county has its own stream, so one county's data does not change
    // when another's row does.
    Random random(StableHash(county.unit_code.data(), county.unit_code.size(),
                             options_.seed));
    const std::string place = PlaceName(county);
    int64_t remaining = MembersFor(county);
    int union_number = 0;
    while (remaining > 0) {
      GrassrootsUnion group;
      group.county_code = county.unit_code;
      group.code =
          absl::StrFormat("%s-g%04d", county.unit_code, ++union_number);
      group.members = std::min(remaining, RandomUnionSize(random));
      remaining -= group.members;
      // Small workplaces join a township's joint union (联合工会).
      const bool joint = group.members < 15 && random.Chance(0.6);
      const std::string town = RandomTownName(random);
      const std::string employer =
          joint ? "" : RandomEmployerName(random, place);
      group.name =
          joint ? absl::StrCat(place, town, "联合工会第", union_number, "分会")
                : absl::StrCat(employer, "工会");
      on_union(group);

      for (int64_t i = 0; i < group.members; ++i) {
        GeneratedMember m;
        m.county_code = county.unit_code;
        m.grassroots_code = group.code;
        m.employer =
            joint ? absl::StrCat(place, town, RandomEmployerName(random, ""))
                  : employer;
        m.migrant_worker = random.Chance(joint ? options_.migrant_share * 2
                                               : options_.migrant_share);
        const person::Gender gender = random.Chance(options_.male_share)
                                          ? person::Gender::kMale
                                          : person::Gender::kFemale;
        m.name = RandomChineseName(random, gender);
        const std::string& region =
            county.region_code.empty()
                ? prefecture_codes[random.Below(prefecture_codes.size())]
                : county.region_code;

        // Working age 18–59 at registration; redraw on a taken number.
        absl::CivilDay birth;
        std::string first17;
        for (;;) {
          birth = RandomDayBetween(
              random,
              absl::CivilDay(options_.as_of.year() - 60, options_.as_of.month(),
                             options_.as_of.day()) +
                  1,
              absl::CivilDay(options_.as_of.year() - 18, options_.as_of.month(),
                             options_.as_of.day()));
          int sequence = static_cast<int>(random.Below(500)) * 2;  // even
          if (gender == person::Gender::kMale) sequence += 1;
          first17 = absl::StrFormat("%s%04d%02d%02d%03d", region, birth.year(),
                                    birth.month(), birth.day(), sequence);
          uint64_t key = 0;
          (void)absl::SimpleAtoi(first17, &key);
          if (used_ids_.insert(key).second) break;
        }
        m.id_number = first17 + person::ResidentIdCheckCharacter(first17);
        m.mobile = RandomMobile(random);
        m.join_date = RandomDayBetween(
            random,
            std::max(absl::CivilDay(birth.year() + 18, birth.month(), 1),
                     absl::CivilDay(1990, 1, 1)),
            options_.as_of - 1);
        on_member(m);
      }
    }
  }
}

}  // namespace unioncard::datagen
