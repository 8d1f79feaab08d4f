#include "common/testing/service_process.h"

#include <signal.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "common/testing/eventually.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace unioncard::testing {
namespace {

constexpr char kPasswordVariable[] = "UNIONCARD_TEST_SERVICE_DB_PASSWORD";

bool Serving(const std::string& address) {
  auto stub = grpc::health::v1::Health::NewStub(rpc::MakeChannel(address));
  auto context = rpc::OutboundContext(absl::Seconds(1));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(context.get(), grpc::health::v1::HealthCheckRequest(),
                     &response)
             .ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> StartServiceProcess(
    const ServiceProcessOptions& options, absl::Duration ready_within) {
  const std::string address = absl::StrCat("127.0.0.1:", options.port);
  std::vector<std::string> args = {
      absl::StrCat("--listen=", address),
      "--metrics_port=-1",
      absl::StrCat("--mysql_host=", options.db.host),
      absl::StrCat("--mysql_port=", options.db.port),
      absl::StrCat("--mysql_user=", options.db.user),
      absl::StrCat("--mysql_password=env:", kPasswordVariable),
      absl::StrCat("--mysql_database=", options.db.database),
      absl::StrCat("--token_verify_keys=file:", options.dir, "/verify.json")};
  args.insert(args.end(), options.flags.begin(), options.flags.end());
  const std::string log = absl::StrCat(options.dir, "/", options.name, ".log");
  auto process = ChildProcess::Start(
      options.binary, args, {{kPasswordVariable, options.db.password}}, log);
  if (!process.ok()) return process.status();
  bool ended = false;
  if (!Eventually(
          [&] {
            // A child that died (a bad flag, the port taken) is not waited
            // for, nor mistaken for whoever else serves on that port.
            ended = (*process)->Wait(absl::ZeroDuration()).ok();
            return ended || Serving(address);
          },
          ready_within) ||
      ended) {
    return absl::DeadlineExceededError(absl::StrCat(
        options.name, ended ? " ended at start" : " did not start serving",
        " within ", absl::FormatDuration(ready_within), "; see ", log));
  }
  return process;
}

absl::Status KillServiceProcess(std::unique_ptr<ChildProcess>& process) {
  if (process == nullptr) return absl::FailedPreconditionError("not running");
  process->Signal(SIGKILL);
  absl::StatusOr<int> ended = process->Wait(absl::Seconds(10));
  process.reset();
  if (!ended.ok()) return ended.status();
  if (*ended != 128 + SIGKILL) {
    return absl::InternalError(
        absl::StrCat("ended with ", *ended, ", not by SIGKILL"));
  }
  return absl::OkStatus();
}

}  // namespace unioncard::testing

namespace unioncard::testing {

void RemoveAllButLogs(const std::string& dir) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".log") {
      std::filesystem::remove_all(entry.path(), error);
    }
  }
}

}  // namespace unioncard::testing
