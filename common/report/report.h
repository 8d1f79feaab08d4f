#ifndef UNIONCARD_COMMON_REPORT_REPORT_H_
#define UNIONCARD_COMMON_REPORT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace unioncard::report {

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
// The same workbook as bytes (for a download).
absl::StatusOr<std::string> RenderXlsx(const Report& report);

// Fen as yuan with two decimals: 123456 → "1234.56".
std::string Yuan(int64_t fen);

}  // namespace unioncard::report

#endif  // UNIONCARD_COMMON_REPORT_REPORT_H_
