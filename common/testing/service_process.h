#ifndef UNIONCARD_COMMON_TESTING_SERVICE_PROCESS_H_
#define UNIONCARD_COMMON_TESTING_SERVICE_PROCESS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"
#include "common/testing/child_process.h"

namespace unioncard::testing {

// A service binary started as deploy/ starts it, for the tests that kill a
// service (SIGKILL) mid-work: its own process on a loopback port, on a
// schema of the test's, trusting the token keys in dir/verify.json.
struct ServiceProcessOptions {
  std::string binary;  // the build's member-svc, assessment-svc, …
  std::string name;    // for messages; its log is dir/<name>.log
  std::string dir;     // the test's scratch directory
  int port = 0;
  db::DbOptions db;
  std::vector<std::string> flags;  // the service's own (--member_svc=…)
};

// Starts it and returns once grpc.health.v1 answers SERVING, or an error
// naming the log to read when it does not within `ready_within` or ends
// first. The database password reaches it through the environment, never
// argv. Call it from the test's own thread: the child is killed when the
// thread that started it ends (PR_SET_PDEATHSIG).
absl::StatusOr<std::unique_ptr<ChildProcess>> StartServiceProcess(
    const ServiceProcessOptions& options,
    absl::Duration ready_within = absl::Seconds(30));

// SIGKILL, and reaped: the crash the fault tests need.
absl::Status KillServiceProcess(std::unique_ptr<ChildProcess>& process);

// A test's scratch directory emptied of everything but the services' logs
// (keys, tokens, backups go): the logs stay for the reader of a failure
// and for tools/logscan, which tests/run.sh runs over its temporary
// directory before removing it.
void RemoveAllButLogs(const std::string& dir);

}  // namespace unioncard::testing

#endif  // UNIONCARD_COMMON_TESTING_SERVICE_PROCESS_H_
