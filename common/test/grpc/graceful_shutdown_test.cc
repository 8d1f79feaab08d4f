// Runs tests/probe's server as its own process and sends it SIGTERM while a
// slow call is in flight, as Kubernetes does on a rolling update.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/token.h"
#include "common/grpc/client.h"
#include "gtest/gtest.h"
#include "probe/probe.grpc.pb.h"

namespace unioncard::rpc {
namespace {

struct ServerProcess {
  pid_t pid = -1;
  int port = 0;
};

// Starts probe_server with the verify keys in the environment (as a
// Kubernetes secret would provide them) and reads its port.
ServerProcess StartProbeServer(const std::string& verify_keys_json) {
  int out[2];
  EXPECT_EQ(pipe(out), 0);
  ServerProcess server;
  server.pid = fork();
  if (server.pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    setenv("UNIONCARD_PROBE_VERIFY_KEYS", verify_keys_json.c_str(), 1);
    setenv("UNIONCARD_TOKEN_VERIFY_KEYS", "env:UNIONCARD_PROBE_VERIFY_KEYS", 1);
    execl(PROBE_SERVER_PATH, PROBE_SERVER_PATH, "--listen=127.0.0.1:0",
          "--metrics_port=-1", "--shutdown_grace_seconds=10",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* stdout_of_server = fdopen(out[0], "r");
  char line[4096];
  while (fgets(line, sizeof(line), stdout_of_server) != nullptr) {
    if (sscanf(line, "PORT %d", &server.port) == 1) break;
  }
  // Keep draining its log so the server never blocks on a full pipe.
  std::thread([stdout_of_server] {
    char sink[4096];
    while (fgets(sink, sizeof(sink), stdout_of_server) != nullptr) {
    }
    fclose(stdout_of_server);
  }).detach();
  return server;
}

TEST(GracefulShutdownTest, SigtermLetsTheSlowCallFinishAndExitsZero) {
  auth::SigningKey key = auth::GenerateSigningKey("k1");
  ServerProcess server =
      StartProbeServer(auth::VerifyKeysToJson({{"k1", key.public_key}}));
  ASSERT_GT(server.port, 0) << "probe_server did not report its port";

  auth::Principal caller;
  caller.subject = "ops";
  caller.role = auth::Role::kCityAdmin;
  caller.org_id = "city";
  caller.org_path = "/city/";
  const std::string token =
      auth::TokenSigner(key).Issue(caller, absl::Minutes(5));
  auto stub = testing::v1::Probe::NewStub(
      MakeChannel(absl::StrCat("127.0.0.1:", server.port)));

  grpc::Status slow_status;
  testing::v1::EchoReply slow_reply;
  std::thread slow_call([&] {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    SetBearerToken(context, token);
    testing::v1::EchoRequest request;
    request.set_message("slow");
    request.set_sleep_ms(1500);
    slow_status = stub->Echo(&context, request, &slow_reply);
  });
  absl::SleepFor(absl::Milliseconds(400));  // the call is in the handler now
  ASSERT_EQ(kill(server.pid, SIGTERM), 0);
  slow_call.join();

  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
  EXPECT_EQ(slow_reply.message(), "slow");

  int wait_status = 0;
  ASSERT_EQ(waitpid(server.pid, &wait_status, 0), server.pid);
  ASSERT_TRUE(WIFEXITED(wait_status));
  EXPECT_EQ(WEXITSTATUS(wait_status), 0);
}

}  // namespace
}  // namespace unioncard::rpc
