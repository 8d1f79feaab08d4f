#ifndef UNIONCARD_TOOLS_UNIONCTL_REPORT_H_
#define UNIONCARD_TOOLS_UNIONCTL_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace unioncard::unionctl {

// A table a clerk prints or files: a title, Chinese headers, rows of text.
// Rendered as aligned text, as CSV (UTF-8) or as an XLSX workbook.
struct Report {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// The title, then the columns separated by two spaces.
std::string RenderText(const Report& report);
// Header and rows as RFC 4180 CSV (CRLF); no title line.
std::string RenderCsv(const Report& report);
// One sheet: the title in bold, the header in bold, the rows below; cells
// that are numbers ("12700", "72.9") are written as numbers so they add up
// in a spreadsheet, "-" and text as text.
absl::Status WriteXlsx(const Report& report, const std::string& path);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_REPORT_H_
