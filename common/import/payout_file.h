#ifndef UNIONCARD_COMMON_IMPORT_PAYOUT_FILE_H_
#define UNIONCARD_COMMON_IMPORT_PAYOUT_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::import {

// One line of a payout file: who gets how much, and why.
struct PayoutFileLine {
  int64_t member_id = 0;
  int64_t amount_fen = 0;  // 100 fen = 1 yuan; card-svc checks the range
  std::string reason;
};

// A payout file as a clerk saves it from Excel (UTF-8 or GBK CSV): a header
// row (member_id,amount_fen,reason or 会员编号,金额分,事由 — not checked),
// then one line per payout; blank lines are skipped. The first bad line is
// an INVALID_ARGUMENT naming `source` and the line, so nothing is sent
// until the whole file reads.
struct PayoutFile {
  std::vector<PayoutFileLine> lines;
  std::string
      utf8;  // the whole file as UTF-8 (what it says, whatever encoding)
};
absl::StatusOr<PayoutFile> ReadPayoutFile(std::string bytes,
                                          absl::string_view source);

}  // namespace unioncard::import

#endif  // UNIONCARD_COMMON_IMPORT_PAYOUT_FILE_H_
