#include "tools/logscan/log_scan.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "common/person/mobile_number.h"
#include "common/person/resident_id.h"

namespace unioncard::logscan {
namespace {

bool IsWordChar(char c) { return absl::ascii_isalnum(c); }

// Runs of letters and digits; each is judged on its own.
std::vector<absl::string_view> Words(absl::string_view line) {
  std::vector<absl::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    if (!IsWordChar(line[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < line.size() && IsWordChar(line[j])) ++j;
    words.push_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return !s.empty();
}

bool IsResidentId(absl::string_view word) {
  if (word.size() != 18 || !AllDigits(word.substr(0, 17))) return false;
  const char last = word[17];
  if (!absl::ascii_isdigit(last) && last != 'X' && last != 'x') return false;
  // Any age: a log line of a child's or a retiree's number leaks as much.
  person::AgePolicy any_age{0, 1000};
  return person::ParseResidentId(word, absl::CivilDay(2199, 12, 31), any_age)
      .ok();
}

bool IsMobile(absl::string_view word) {
  return word.size() == 11 && AllDigits(word) && word[0] == '1' &&
         word[1] >= '3' && word[1] <= '9';
}

}  // namespace

bool IsServiceLogLine(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  return absl::StartsWith(line, "{") && absl::EndsWith(line, "}") &&
         absl::StrContains(line, "\"ts\":\"") &&
         absl::StrContains(line, "\"level\":\"") &&
         absl::StrContains(line, "\"msg\":\"");
}

std::vector<Finding> ScanLine(absl::string_view line) {
  std::vector<Finding> findings;
  const std::vector<absl::string_view> words = Words(line);
  for (size_t i = 0; i < words.size(); ++i) {
    absl::string_view word = words[i];
    if (IsResidentId(word)) {
      findings.push_back({"resident_id", person::MaskResidentId(word)});
    } else if (IsMobile(word)) {
      findings.push_back({"mobile", person::MaskMobileNumber(word)});
    } else if (word == "sim" && i + 1 < words.size() &&
               words[i + 1].size() == 16 &&
               line.substr(words[i + 1].data() - line.data() - 1, 1) == "-") {
      // bank-sim's card tokens, "sim-" and 16 hex digits.
      findings.push_back({"bank_token", "sim-****"});
    }
  }
  return findings;
}

}  // namespace unioncard::logscan
