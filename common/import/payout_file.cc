#include "common/import/payout_file.h"

#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/csv/csv.h"
#include "common/text/gbk.h"

namespace unioncard::import {

absl::StatusOr<PayoutFile> ReadPayoutFile(std::string bytes,
                                          absl::string_view source) {
  absl::StatusOr<text::ClerkText> text =
      text::DecodeClerkFile(std::move(bytes), source);
  if (!text.ok()) return text.status();
  std::istringstream in(text->utf8);
  csv::CsvReader reader(in);
  std::vector<std::string> fields;
  absl::Status error;
  PayoutFile file;
  bool header = true;
  while (reader.Next(&fields, &error)) {
    if (!error.ok()) return error;
    if (header) {
      header = false;
      continue;
    }
    if (fields.size() == 1 && absl::StripAsciiWhitespace(fields[0]).empty()) {
      continue;  // a blank line
    }
    PayoutFileLine line;
    if (fields.size() < 3 ||
        !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[0]),
                          &line.member_id) ||
        !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[1]),
                          &line.amount_fen)) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, " line ", reader.record_line(),
          ": expected member_id,amount_fen,reason with whole numbers (the "
          "amount in fen: 100 = 1 yuan)"));
    }
    line.reason = std::string(absl::StripAsciiWhitespace(fields[2]));
    file.lines.push_back(std::move(line));
  }
  file.utf8 = std::move(text->utf8);
  return file;
}

}  // namespace unioncard::import
