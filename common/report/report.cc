#include "common/report/report.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/csv/csv.h"

namespace unioncard::report {
namespace {

// Whole or decimal numbers as a bulletin prints them; not "-", not "007"
// (an id or code keeps its leading zero as text).
bool IsNumber(const std::string& cell, double* value) {
  if (cell.empty() || cell.size() > 18) return false;
  size_t i = cell[0] == '-' ? 1 : 0;
  if (i == cell.size()) return false;
  if (cell[i] == '0' && i + 1 < cell.size() && cell[i + 1] != '.') {
    return false;
  }
  bool dot = false;
  for (; i < cell.size(); ++i) {
    if (cell[i] == '.' && !dot) {
      dot = true;
    } else if (cell[i] < '0' || cell[i] > '9') {
      return false;
    }
  }
  return cell.back() != '.' && absl::SimpleAtod(cell, value);
}

}  // namespace

std::string RenderText(const Report& report) {
  std::string out = report.title.empty() ? "" : report.title + "\n";
  auto line = [&out](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "" : "  ", row[i]);
    }
    absl::StrAppend(&out, "\n");
  };
  line(report.header);
  for (const auto& row : report.rows) line(row);
  return out;
}

std::string RenderCsv(const Report& report) {
  std::string out;
  csv::AppendCsvRecord(report.header, &out);
  for (const auto& row : report.rows) csv::AppendCsvRecord(row, &out);
  return out;
}

absl::Status WriteXlsx(const Report& report, const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create ", path, " (is the folder writable?)"));
  }
  // Sheet names are at most 31 characters and may not hold []:*?/\ .
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  worksheet_write_string(sheet, 0, 0, report.title.c_str(), bold);
  for (size_t c = 0; c < report.header.size(); ++c) {
    worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(c),
                           report.header[c].c_str(), bold);
  }
  worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(report.header.size()),
                       12, nullptr);
  for (size_t r = 0; r < report.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 2);
    for (size_t c = 0; c < report.rows[r].size(); ++c) {
      const std::string& cell = report.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      double value = 0;
      if (IsNumber(cell, &value)) {
        worksheet_write_number(sheet, row, col, value, nullptr);
      } else {
        worksheet_write_string(sheet, row, col, cell.c_str(), nullptr);
      }
    }
  }
  const lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(
        absl::StrCat("writing ", path, " failed: ", lxw_strerror(error)));
  }
  return absl::OkStatus();
}

std::string Yuan(int64_t fen) {
  return absl::StrFormat("%s%d.%02d", fen < 0 ? "-" : "", std::abs(fen) / 100,
                         std::abs(fen) % 100);
}

absl::StatusOr<std::string> RenderXlsx(const Report& report) {
  // libxlsxwriter writes files only: a private temporary one, read back.
  const char* tmp = std::getenv("TMPDIR");
  std::string path =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/report-XXXXXX");
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError("cannot make a temporary file");
  close(fd);
  absl::Status written = WriteXlsx(report, path);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = out.str();
  }
  std::remove(path.c_str());
  if (!written.ok()) return written;
  if (bytes.empty()) return absl::InternalError("the workbook came out empty");
  return bytes;
}

}  // namespace unioncard::report
