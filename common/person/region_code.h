#ifndef UNIONCARD_COMMON_PERSON_REGION_CODE_H_
#define UNIONCARD_COMMON_PERSON_REGION_CODE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace unioncard::person {

// The place a six-digit GB/T 2260 region code names, spelled out from
// province down: "河北省沧州市运河区", "北京市崇文区" (a district merged in
// 2010: codes retired since 2002 are kept, because ID cards issued under them
// stay valid). A code whose name changed to another stem says its earlier
// names too: "湖北省襄阳市（曾为襄樊市）", "海南省白沙黎族自治县（曾为定安县）"
// (469025 named 定安县 in 2002, a different county later). nullopt when the
// code is in none of the lists the table holds (tools/gb2260 says which;
// docs/rules.md §3.2). The table is compiled in.
std::optional<std::string> RegionName(absl::string_view code);

}  // namespace unioncard::person

#endif  // UNIONCARD_COMMON_PERSON_REGION_CODE_H_
