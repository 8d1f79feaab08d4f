#include "common/testing/process_memory.h"

#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace unioncard::testing {
namespace {

// "VmRSS:\t  123456 kB" → 123456 when the line starts with `key`.
bool ParseKib(const std::string& line, const char* key, int64_t* kib) {
  absl::string_view rest(line);
  if (!absl::ConsumePrefix(&rest, key)) return false;
  rest = absl::StripAsciiWhitespace(rest);
  if (!absl::ConsumeSuffix(&rest, "kB")) return false;
  return absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), kib);
}

}  // namespace

ProcessMemory ReadProcessMemory(pid_t pid) {
  ProcessMemory memory;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    int64_t kib = 0;
    if (ParseKib(line, "VmRSS:", &kib)) memory.rss_kib = kib;
    if (ParseKib(line, "VmHWM:", &kib)) memory.peak_kib = kib;
  }
  return memory;
}

}  // namespace unioncard::testing
