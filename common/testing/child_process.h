#ifndef UNIONCARD_COMMON_TESTING_CHILD_PROCESS_H_
#define UNIONCARD_COMMON_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::testing {

// A service binary run as its own process, for tests that crash it
// (SIGKILL) or stop it (SIGTERM) the way Kubernetes would. Its output goes
// to `log_path`, appended, so a restart's log follows the first run's.
class ChildProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::string& binary, const std::vector<std::string>& args,
      const std::vector<std::pair<std::string, std::string>>& environment,
      const std::string& log_path);
  ~ChildProcess();  // SIGKILL if still running, then reaped

  pid_t pid() const { return pid_; }
  void Signal(int signal_number);
  // The exit status (or 128 + signal) once it has ended; DEADLINE_EXCEEDED
  // when it is still running after `timeout`.
  absl::StatusOr<int> Wait(absl::Duration timeout);

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  bool reaped_ = false;
};

// What a shell command did: its exit code (-1 when it did not exit) and
// what it wrote to stdout and stderr, merged. For tests of command-line
// tools run as a user would run them.
struct CommandRun {
  int exit_code = -1;
  std::string output;
};
CommandRun RunShellCommand(const std::string& command);

}  // namespace unioncard::testing

#endif  // UNIONCARD_COMMON_TESTING_CHILD_PROCESS_H_
