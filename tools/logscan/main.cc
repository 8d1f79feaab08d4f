// logscan FILE_OR_DIR...: reads every service log line (common/log) in the
// files given and the files under the directories given, and fails if any
// holds personal data in clear (log_scan.h). tests/run.sh runs it over the
// whole test run's output. Findings are printed masked.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "tools/logscan/log_scan.h"

namespace {

struct Totals {
  int files = 0;
  long lines = 0;
  long log_lines = 0;
  std::map<std::string, int> findings;
};

void ScanFile(const std::filesystem::path& path, Totals& totals) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  ++totals.files;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    ++totals.lines;
    if (!unioncard::logscan::IsServiceLogLine(line)) continue;
    ++totals.log_lines;
    for (const auto& f : unioncard::logscan::ScanLine(line)) {
      ++totals.findings[f.kind];
      std::printf("LEAK %s:%ld: %s %s\n", path.c_str(), number, f.kind.c_str(),
                  f.masked.c_str());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: logscan FILE_OR_DIR...\n");
    return 2;
  }
  Totals totals;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path root(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(root, error)) {
      for (auto it = std::filesystem::recursive_directory_iterator(
               root, std::filesystem::directory_options::skip_permission_denied,
               error);
           it != std::filesystem::recursive_directory_iterator();
           it.increment(error)) {
        if (error) break;
        if (it->is_regular_file(error)) ScanFile(it->path(), totals);
      }
    } else if (std::filesystem::exists(root, error)) {
      ScanFile(root, totals);
    } else {
      std::fprintf(stderr, "logscan: %s does not exist\n", argv[i]);
      return 2;
    }
  }
  int leaks = 0;
  for (const auto& [kind, n] : totals.findings) leaks += n;
  std::printf(
      "logscan: %d files, %ld lines, %ld service log lines; %d with personal "
      "data in clear",
      totals.files, totals.lines, totals.log_lines, leaks);
  for (const auto& [kind, n] : totals.findings) {
    std::printf(" (%s: %d)", kind.c_str(), n);
  }
  std::printf("\n");
  return leaks == 0 ? 0 : 1;
}
