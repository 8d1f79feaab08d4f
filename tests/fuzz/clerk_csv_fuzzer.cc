// A clerk's spreadsheet, any bytes: decoded as UTF-8 or GBK, then read as
// CSV. Never crashes; every field read is valid UTF-8; a record read
// without error and written back with AppendCsvRecord reads back the same.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv/csv.h"
#include "common/text/gbk.h"
#include "tests/fuzz/require.h"

using unioncard::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using unioncard::csv::CsvReader;
  auto text = unioncard::text::DecodeClerkFile(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (!text.ok()) return 0;
  std::istringstream in(text->utf8);
  CsvReader reader(in);
  std::vector<std::string> fields;
  absl::Status error;
  int records = 0;
  while (reader.Next(&fields, &error)) {
    Require(++records <= static_cast<int>(size) + 1);  // always progresses
    if (!error.ok()) continue;
    for (const std::string& f : fields) {
      Require(unioncard::text::IsValidUtf8(f));
    }
    // The BOM is skipped only at the very start, so a written record that
    // begins with one would read differently: not a record Excel writes.
    if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) continue;
    std::string written;
    unioncard::csv::AppendCsvRecord(fields, &written);
    std::istringstream again(written);
    CsvReader reread(again);
    std::vector<std::string> back;
    absl::Status back_error;
    Require(reread.Next(&back, &back_error) && back_error.ok());
    Require(back == fields);
  }
  return 0;
}
