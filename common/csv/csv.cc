#include "common/csv/csv.h"

#include "absl/strings/str_cat.h"

namespace unioncard::csv {

bool CsvReader::Next(std::vector<std::string>* fields, absl::Status* error) {
  fields->clear();
  *error = absl::OkStatus();
  std::string line;
  if (!std::getline(in_, line)) return false;
  ++line_;
  record_line_ = line_;
  if (!started_) {
    started_ = true;
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  }

  std::string field;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // a quoted field just closed
  size_t i = 0;
  while (true) {
    if (i >= line.size()) {
      if (quoted) {
        // A line break inside quotes belongs to the field.
        std::string more;
        if (!std::getline(in_, more)) {
          *error = absl::InvalidArgumentError(absl::StrCat(
              "line ", record_line_, ": a quoted field is never closed"));
          fields->push_back(std::move(field));
          return true;
        }
        ++line_;
        field.push_back('\n');
        line = std::move(more);
        i = 0;
        continue;
      }
      break;
    }
    const char c = line[i++];
    if (quoted) {
      if (c == '"') {
        if (i < line.size() && line[i] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '\r' && i == line.size()) {
      // CRLF line end
    } else if (after_quote) {
      *error = absl::InvalidArgumentError(
          absl::StrCat("line ", record_line_, ": text after a closing quote"));
      field.push_back(c);
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else {
      field.push_back(c);
    }
  }
  fields->push_back(std::move(field));
  return true;
}

void AppendCsvRecord(const std::vector<std::string>& fields, std::string* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out->append(f);
      continue;
    }
    out->push_back('"');
    for (char c : f) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->append("\r\n");
}

}  // namespace unioncard::csv
