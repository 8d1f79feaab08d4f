#ifndef UNIONCARD_TOOLS_DATAGEN_MEMBER_GENERATOR_H_
#define UNIONCARD_TOOLS_DATAGEN_MEMBER_GENERATOR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/civil_time.h"
#include "common/reference/county_plan.h"

namespace unioncard::datagen {

struct GeneratorOptions {
  uint64_t seed = 2016;
  // Members per county = round(members_2015 × scale); 1.0 is all of
  // Cangzhou (1,444,534).
  double scale = 1.0;
  // Registration date the ages are measured at.
  absl::CivilDay as_of = absl::CivilDay(2016, 1, 1);
  double migrant_share = 0.18;  // 农民工
  double male_share = 0.56;
};

struct GrassrootsUnion {
  std::string county_code;
  std::string code;  // "cangxian-g0001"
  std::string name;  // "沧县恒信机械制造有限公司工会"
  int64_t members = 0;
};

struct GeneratedMember {
  std::string county_code;
  std::string grassroots_code;
  std::string name;
  std::string id_number;
  std::string mobile;
  std::string employer;
  bool migrant_worker = false;
  absl::CivilDay join_date;
};

// Deterministic synthetic members shaped by the official plan: for each
// county, its share of members, split into grassroots unions of realistic,
// skewed sizes (many small workplaces, a few large ones; median about 60),
// with valid GB 11643 ID numbers (the county's region code where the plan
// has one, otherwise one of Cangzhou's), unique city-wide.
class MemberGenerator {
 public:
  MemberGenerator(std::vector<reference::CountyPlan> plan,
                  GeneratorOptions options)
      : plan_(std::move(plan)), options_(options) {}

  // Emits each union before its members; counties in plan order.
  void Generate(const std::function<void(const GrassrootsUnion&)>& on_union,
                const std::function<void(const GeneratedMember&)>& on_member);

  // Members the plan row gives at this scale.
  int64_t MembersFor(const reference::CountyPlan& county) const;

 private:
  std::vector<reference::CountyPlan> plan_;
  GeneratorOptions options_;
  absl::flat_hash_set<uint64_t> used_ids_;  // first 17 digits
};

}  // namespace unioncard::datagen

#endif  // UNIONCARD_TOOLS_DATAGEN_MEMBER_GENERATOR_H_
