#ifndef UNIONCARD_COMMON_CSV_CSV_H_
#define UNIONCARD_COMMON_CSV_CSV_H_

#include <istream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace unioncard::csv {

// RFC 4180 CSV as Excel writes it: quoted fields may hold commas, quotes
// ("") and line breaks; CRLF or LF line ends; a UTF-8 byte-order mark at the
// start is skipped.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next record into `fields`. Returns false at the end of input.
  // A malformed record (unterminated quote, text after a closing quote) sets
  // `error` to INVALID_ARGUMENT naming the line and still returns true, so
  // one bad row does not stop an import.
  bool Next(std::vector<std::string>* fields, absl::Status* error);

  // The 1-based line on which the last record returned started.
  int record_line() const { return record_line_; }

 private:
  std::istream& in_;
  int line_ = 0;
  int record_line_ = 0;
  bool started_ = false;
};

// Appends one record, quoting only the fields that need it, ending in "\r\n"
// (what Excel expects).
void AppendCsvRecord(const std::vector<std::string>& fields, std::string* out);

}  // namespace unioncard::csv

#endif  // UNIONCARD_COMMON_CSV_CSV_H_
