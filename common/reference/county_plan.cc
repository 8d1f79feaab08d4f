#include "common/reference/county_plan.h"

#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/csv/csv.h"

namespace unioncard::reference {

absl::StatusOr<std::vector<CountyPlan>> ParseCountyPlanCsv(
    const std::string& csv_text) {
  std::istringstream in(csv_text);
  csv::CsvReader reader(in);
  std::vector<std::string> header;
  absl::Status error;
  if (!reader.Next(&header, &error) || !error.ok()) {
    return absl::InvalidArgumentError("plan CSV has no header row");
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  for (const char* required :
       {"unit_code", "name_zh", "name_en", "region_code", "members_2015",
        "issue_2016", "rate_2016_pct", "issue_2017", "cumulative_2017",
        "rate_2017_pct", "issue_2018", "cumulative_2018", "rate_2018_pct"}) {
    if (column.count(required) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("plan CSV lacks column ", required));
    }
  }

  std::vector<CountyPlan> plans;
  std::vector<std::string> row;
  while (reader.Next(&row, &error)) {
    if (!error.ok()) return error;
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    if (row.size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", reader.record_line(), ": ", row.size(),
                       " fields, header has ", header.size()));
    }
    auto text = [&](const char* name) { return row[column[name]]; };
    absl::Status bad;
    auto number = [&](const char* name, auto* out) {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text(name), &value) || value < 0) {
        bad = absl::InvalidArgumentError(absl::StrCat(
            "line ", reader.record_line(), ", column ", name, ": \"",
            text(name), "\" is not a non-negative whole number"));
      }
      *out = static_cast<std::remove_pointer_t<decltype(out)>>(value);
    };
    CountyPlan p;
    p.unit_code = text("unit_code");
    p.name_zh = text("name_zh");
    p.name_en = text("name_en");
    p.region_code = text("region_code");
    number("members_2015", &p.members_2015);
    number("issue_2016", &p.issue_2016);
    number("rate_2016_pct", &p.rate_2016_pct);
    number("issue_2017", &p.issue_2017);
    number("cumulative_2017", &p.cumulative_2017);
    number("rate_2017_pct", &p.rate_2017_pct);
    number("issue_2018", &p.issue_2018);
    number("cumulative_2018", &p.cumulative_2018);
    number("rate_2018_pct", &p.rate_2018_pct);
    if (!bad.ok()) return bad;
    if (p.unit_code.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", reader.record_line(), ": unit_code is empty"));
    }
    plans.push_back(std::move(p));
  }
  return plans;
}

absl::StatusOr<std::vector<CountyPlan>> ReadCountyPlanFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream content;
  content << in.rdbuf();
  return ParseCountyPlanCsv(content.str());
}

}  // namespace unioncard::reference
