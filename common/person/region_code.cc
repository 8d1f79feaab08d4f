#include "common/person/region_code.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace unioncard::person {
namespace {

struct Region {
  int32_t code;
  const char* name;    // the latest
  const char* former;  // earlier names of another place or stem, "、"-joined
};

constexpr Region kRegions[] = {
#include "common/person/gb2260_regions.inc"
};

const Region* Find(int32_t code) {
  const Region* end = std::end(kRegions);
  const Region* it =
      std::lower_bound(std::begin(kRegions), end, code,
                       [](const Region& r, int32_t c) { return r.code < c; });
  return it != end && it->code == code ? it : nullptr;
}

// Prefectures listed under a placeholder rather than a name: the county
// names itself ("北京市东城区", not "北京市市辖区东城区"; Chongqing's
// county-level cities sit under "市").
bool IsPlaceholder(absl::string_view name) {
  return name == "市辖区" || name == "县" || name == "市" ||
         absl::StrContains(name, "直辖");
}

}  // namespace

std::optional<std::string> RegionName(absl::string_view code) {
  int32_t number = 0;
  if (code.size() != 6 || !absl::SimpleAtoi(code, &number)) {
    return std::nullopt;
  }
  // Residence permits of Taiwan residents carry 830000, a code outside
  // GB/T 2260 (resident_id.cc); Hong Kong's and Macao's 810000 and 820000
  // are in it.
  if (number == 830000) return std::string("台湾地区（台湾居民居住证）");
  const Region* own = Find(number);
  if (own == nullptr) return std::nullopt;
  const int32_t province = number / 10000 * 10000;
  const int32_t prefecture = number / 100 * 100;
  std::string name;
  if (const Region* p = Find(province); p != nullptr) {
    absl::StrAppend(&name, p->name);
  }
  if (prefecture != province && prefecture != number) {
    if (const Region* p = Find(prefecture);
        p != nullptr && !IsPlaceholder(p->name)) {
      absl::StrAppend(&name, p->name);
    }
  }
  if (number != province) absl::StrAppend(&name, own->name);
  // A card issued before a rename, or under a code later given to another
  // place, carries the earlier name: say both.
  if (*own->former != '\0') absl::StrAppend(&name, "（曾为", own->former, "）");
  return name;
}

}  // namespace unioncard::person
