#ifndef UNIONCARD_TOOLS_LOGSCAN_LOG_SCAN_H_
#define UNIONCARD_TOOLS_LOGSCAN_LOG_SCAN_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace unioncard::logscan {

// Personal data that must never appear in a log line in clear (README,
// "Data is sacred"): a valid resident ID number (check character, province
// and birth date as member-svc checks them), a mainland mobile number, a
// bank card token as the bank link carries it. Masked forms
// ("130902********123X", "138****5678") are what logs should hold.
struct Finding {
  std::string kind;    // "resident_id", "mobile", "bank_token"
  std::string masked;  // safe to print
};

// True for the lines the services write (common/log/json_log.h): one JSON
// object with "ts", "level" and "msg". Test output, SMS outboxes and other
// files are not logs and may hold such data on purpose.
bool IsServiceLogLine(absl::string_view line);

// What a service log line gives away. Digits inside longer runs of letters
// and digits (request ids, hashes) are not numbers of their own.
std::vector<Finding> ScanLine(absl::string_view line);

}  // namespace unioncard::logscan

#endif  // UNIONCARD_TOOLS_LOGSCAN_LOG_SCAN_H_
