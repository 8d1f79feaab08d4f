#ifndef UNIONCARD_COMMON_REFERENCE_COUNTY_PLAN_H_
#define UNIONCARD_COMMON_REFERENCE_COUNTY_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace unioncard::reference {

// One row of the official 2016–2018 issuance plan (Attachment 2 of
// 沧工字〔2016〕3号), shipped as deploy/reference/cangzhou_plan_2016_2018.csv.
struct CountyPlan {
  std::string unit_code;  // "xinhua"
  std::string name_zh;    // "新华区总工会"
  std::string name_en;
  std::string region_code;  // GB/T 2260 code, empty for zones without one
  int64_t members_2015 = 0;
  int64_t issue_2016 = 0;
  int rate_2016_pct = 0;
  int64_t issue_2017 = 0;
  int64_t cumulative_2017 = 0;
  int rate_2017_pct = 0;
  int64_t issue_2018 = 0;
  int64_t cumulative_2018 = 0;
  int rate_2018_pct = 0;
};

// Parses the plan CSV (header row required, columns by name, any order).
// INVALID_ARGUMENT names the line and column of the first bad value.
absl::StatusOr<std::vector<CountyPlan>> ParseCountyPlanCsv(
    const std::string& csv_text);
absl::StatusOr<std::vector<CountyPlan>> ReadCountyPlanFile(
    const std::string& path);

}  // namespace unioncard::reference

#endif  // UNIONCARD_COMMON_REFERENCE_COUNTY_PLAN_H_
