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
  const char* name;
};

constexpr Region kRegions[] = {
#include "common/person/gb2260_regions.inc"
};

const char* Find(int32_t code) {
  const Region* end = std::end(kRegions);
  const Region* it =
      std::lower_bound(std::begin(kRegions), end, code,
                       [](const Region& r, int32_t c) { return r.code < c; });
  return it != end && it->code == code ? it->name : nullptr;
}

// Prefectures listed under a placeholder rather than a name: the county
// names itself ("北京市东城区", not "北京市市辖区东城区").
bool IsPlaceholder(absl::string_view name) {
  return name == "市辖区" || name == "县" ||
         absl::StrContains(name, "直辖县级行政区划");
}

}  // namespace

std::optional<std::string> RegionName(absl::string_view code) {
  int32_t number = 0;
  if (code.size() != 6 || !absl::SimpleAtoi(code, &number)) {
    return std::nullopt;
  }
  const char* own = Find(number);
  if (own == nullptr) return std::nullopt;
  const int32_t province = number / 10000 * 10000;
  const int32_t prefecture = number / 100 * 100;
  std::string name;
  if (const char* p = Find(province); p != nullptr) absl::StrAppend(&name, p);
  if (prefecture != province && prefecture != number) {
    if (const char* p = Find(prefecture); p != nullptr && !IsPlaceholder(p)) {
      absl::StrAppend(&name, p);
    }
  }
  if (number != province) absl::StrAppend(&name, own);
  return name;
}

}  // namespace unioncard::person
