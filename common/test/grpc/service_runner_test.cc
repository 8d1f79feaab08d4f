// A real Probe server on a loopback port, driven by a real gRPC client.
#include "common/grpc/service_runner.h"

#include <httplib.h>

#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/reflection_client.h"
#include "common/grpc/server_flags.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"
#include "common/status/field_violations.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/probe/probe_service.h"

namespace unioncard::rpc {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProbeService;
using testing::v1::EchoReply;
using testing::v1::EchoRequest;
using testing::v1::Probe;

auth::Principal Clerk() {
  auth::Principal p;
  p.subject = "clerk-1";
  p.role = auth::Role::kGrassrootsStaff;
  p.org_id = "g1";
  p.org_path = "/city/xinhua/g1/";
  return p;
}

class ServiceRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.metrics_host = "127.0.0.1";
    options.metrics_port = 0;
    options.drain_delay = absl::Milliseconds(500);
    runner_ = std::make_unique<ServiceRunner>(options);
    runner_->AddService(&probe_);
    ASSERT_TRUE(runner_->Start().ok());
    channel_ = MakeChannel(absl::StrCat("127.0.0.1:", runner_->port()));
    stub_ = Probe::NewStub(channel_);
  }
  void TearDown() override {
    runner_->RequestShutdown();
    runner_->Wait();
  }

  grpc::Status Echo(const std::string& token, EchoReply* reply,
                    const std::string& request_id = "") {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    if (!token.empty()) SetBearerToken(context, token);
    if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
    EchoRequest request;
    request.set_message("你好");
    return stub_->Echo(&context, request, reply);
  }

  auth::SigningKey key_ = auth::GenerateSigningKey("k1");
  auth::TokenSigner signer_{key_};
  ProbeService probe_{auth::TokenVerifier({{"k1", key_.public_key}})};
  std::unique_ptr<ServiceRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Probe::Stub> stub_;
};

HealthCheckResponse::ServingStatus CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, HealthCheckRequest(), &response);
  if (!status.ok()) return HealthCheckResponse::UNKNOWN;
  return response.status();
}

TEST_F(ServiceRunnerTest, HealthIsServing) {
  EXPECT_EQ(CheckHealth(channel_), HealthCheckResponse::SERVING);
}

TEST_F(ServiceRunnerTest, APortAlreadyListenedOnIsRefusedNotShared) {
  // Two servers on one port would split the calls between them (gRPC's
  // default SO_REUSEPORT): a caller would reach the wrong service.
  ServerOptions options;
  options.listen_address = absl::StrCat("127.0.0.1:", runner_->port());
  options.metrics_port = -1;
  ServiceRunner second(options);
  second.AddService(&probe_);
  const absl::Status started = second.Start();
  EXPECT_EQ(started.code(), absl::StatusCode::kUnavailable) << started;
  EXPECT_NE(started.message().find("address in use"), std::string::npos);
}

TEST_F(ServiceRunnerTest, ReflectionListsTheServices) {
  absl::StatusOr<std::vector<std::string>> services =
      ListServicesByReflection(channel_, absl::Seconds(5));
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_THAT(*services, Contains("unioncard.testing.v1.Probe"));
  EXPECT_THAT(*services, Contains("grpc.health.v1.Health"));
}

TEST_F(ServiceRunnerTest, AuthenticatedCallSeesThePrincipal) {
  EchoReply reply;
  grpc::Status status = Echo(signer_.Issue(Clerk(), absl::Minutes(5)), &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.message(), "你好");
  EXPECT_EQ(reply.caller_subject(), "clerk-1");
  EXPECT_EQ(reply.caller_role(), "grassroots_staff");
}

TEST_F(ServiceRunnerTest, MissingExpiredOrTamperedTokenIsUnauthenticated) {
  EchoReply reply;
  EXPECT_EQ(Echo("", &reply).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  auth::Principal old = Clerk();
  old.issued_at = absl::Now() - absl::Hours(2);
  old.expires_at = absl::Now() - absl::Hours(1);
  grpc::Status expired = Echo(signer_.Sign(old), &reply);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));

  std::string token = signer_.Issue(Clerk(), absl::Minutes(5));
  token[token.size() - 5] = token[token.size() - 5] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Echo(token, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  auth::TokenSigner stranger(auth::GenerateSigningKey("k1"));
  EXPECT_EQ(
      Echo(stranger.Issue(Clerk(), absl::Minutes(5)), &reply).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServiceRunnerTest, InvalidArgumentNamesEachField) {
  grpc::ClientContext context;
  SetBearerToken(context, signer_.Issue(Clerk(), absl::Minutes(5)));
  testing::v1::ValidateRequest request;
  request.set_id_number("130902800101123");
  EchoReply reply;
  absl::Status status =
      FromGrpcStatus(stub_->Validate(&context, request, &reply));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<status::FieldViolation> violations =
      status::FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "name");
  EXPECT_EQ(violations[1].field, "id_number");
  EXPECT_THAT(violations[1].description, HasSubstr("18-digit"));
}

TEST_F(ServiceRunnerTest, MetricsEndpointCountsCalls) {
  EchoReply reply;
  ASSERT_TRUE(Echo(signer_.Issue(Clerk(), absl::Minutes(5)), &reply).ok());
  Echo("", &reply);
  httplib::Client http("127.0.0.1", runner_->metrics_port());
  auto response = http.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(response->body,
              HasSubstr("grpc_server_handled_total{grpc_service=\"unioncard."
                        "testing.v1.Probe\",grpc_method=\"Echo\",grpc_code="
                        "\"OK\"} 1"));
  EXPECT_THAT(response->body, HasSubstr("grpc_code=\"UNAUTHENTICATED\"} 1"));
  EXPECT_THAT(
      response->body,
      HasSubstr("grpc_server_handling_seconds_count{grpc_service="
                "\"unioncard.testing.v1.Probe\",grpc_method=\"Echo\"} 2"));
  auto healthz = http.Get("/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 200);
}

TEST_F(ServiceRunnerTest, RequestIdIsEchoedAndPropagatedDownstream) {
  // A second probe that relays to the first, as one service calls another.
  const std::string service_token = signer_.Issue(Clerk(), absl::Minutes(5));
  ProbeService relay(auth::TokenVerifier({{"k1", key_.public_key}}), channel_,
                     service_token);
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.metrics_port = -1;
  ServiceRunner relay_runner(options);
  relay_runner.AddService(&relay);
  ASSERT_TRUE(relay_runner.Start().ok());
  auto relay_stub = Probe::NewStub(
      MakeChannel(absl::StrCat("127.0.0.1:", relay_runner.port())));

  grpc::ClientContext context;
  SetBearerToken(context, service_token);
  context.AddMetadata("x-request-id", "portal-req-0001");
  EchoRequest request;
  request.set_message("relayed");
  EchoReply reply;
  grpc::Status status = relay_stub->Relay(&context, request, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.message(), "relayed");
  EXPECT_EQ(reply.request_id(), "portal-req-0001");
  auto echoed = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()),
            "portal-req-0001");
  relay_runner.RequestShutdown();
  relay_runner.Wait();
}

TEST_F(ServiceRunnerTest, ForgedRequestIdIsReplaced) {
  EchoReply reply;
  ASSERT_TRUE(Echo(signer_.Issue(Clerk(), absl::Minutes(5)), &reply,
                   "bad id\"}{injected")
                  .ok());
  EXPECT_EQ(reply.request_id().size(), 32u);
}

TEST_F(ServiceRunnerTest, ShutdownReportsNotServingWhileDraining) {
  runner_->RequestShutdown();
  std::thread waiter([this] { runner_->Wait(); });
  absl::SleepFor(absl::Milliseconds(150));  // inside the 500 ms drain delay
  EXPECT_EQ(CheckHealth(channel_), HealthCheckResponse::NOT_SERVING);
  httplib::Client http("127.0.0.1", runner_->metrics_port());
  auto healthz = http.Get("/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 503);
  waiter.join();
}

// Every refusal is logged with its caller (issue 17): the access-log line
// of a failed call names who made it and carries the error; a successful
// call's line names the role and unit only.
TEST_F(ServiceRunnerTest, AFailedCallsLogLineNamesTheCaller) {
  std::vector<std::string> lines;
  absl::Mutex mu;
  log::SetSinkForTesting([&](const std::string& line) {
    absl::MutexLock lock(&mu);
    lines.push_back(line);
  });
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  SetBearerToken(context, signer_.Issue(Clerk(), absl::Minutes(5)));
  EchoRequest request;
  request.set_message("nowhere");
  EchoReply reply;
  EXPECT_EQ(stub_->Relay(&context, request, &reply).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EchoReply echoed;
  ASSERT_TRUE(Echo(signer_.Issue(Clerk(), absl::Minutes(5)), &echoed).ok());
  log::SetSinkForTesting(nullptr);
  absl::MutexLock lock(&mu);
  // The successful call: role and unit, not who.
  EXPECT_THAT(lines, Contains(AllOf(HasSubstr("Probe/Echo"),
                                    HasSubstr("\"caller\":\"grassroots_staff"),
                                    Not(HasSubstr("clerk-1")))));
  EXPECT_THAT(lines,
              Contains(AllOf(
                  HasSubstr("\"method\":\"/unioncard.testing.v1.Probe/Relay\""),
                  HasSubstr("\"caller\":\"grassroots_staff /city/xinhua/g1/\""),
                  HasSubstr("\"subject\":\"clerk-1\""),
                  HasSubstr("\"code\":\"FAILED_PRECONDITION\""),
                  HasSubstr("no downstream configured"))));
}

// Overload (issue 17): past its limit of calls in progress a server answers
// RESOURCE_EXHAUSTED at once, keeps answering health checks, and takes
// calls again as soon as the earlier ones end.
TEST_F(ServiceRunnerTest, OverloadIsRefusedAtOnceNotQueued) {
  ServerOptions options;
  options.service_name = "probe";
  options.listen_address = "127.0.0.1:0";
  options.metrics_port = -1;
  options.max_concurrent_calls = 2;
  ServiceRunner small(options);
  small.AddService(&probe_);
  ASSERT_TRUE(small.Start().ok());
  auto channel = MakeChannel(absl::StrCat("127.0.0.1:", small.port()));
  const std::string token = signer_.Issue(Clerk(), absl::Minutes(5));

  // An Echo that sleeps `sleep_ms` on the server.
  auto echo = [&](int sleep_ms) {
    auto stub = Probe::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    SetBearerToken(context, token);
    EchoRequest request;
    request.set_message("slow");
    request.set_sleep_ms(sleep_ms);
    EchoReply reply;
    return stub->Echo(&context, request, &reply);
  };
  constexpr int kCalls = 6;
  std::vector<grpc::Status> statuses(kCalls);
  std::vector<absl::Duration> took(kCalls);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      const absl::Time start = absl::Now();
      statuses[i] = echo(3000);
      took[i] = absl::Now() - start;
    });
  }
  // While two calls sleep, health still answers.
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(CheckHealth(channel), HealthCheckResponse::SERVING);
  for (auto& t : callers) t.join();
  int ok = 0, refused = 0;
  for (int i = 0; i < kCalls; ++i) {
    if (statuses[i].ok()) {
      ++ok;
    } else {
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << statuses[i].error_message();
      EXPECT_THAT(statuses[i].error_message(),
                  HasSubstr("probe is busy (2 calls in progress"));
      // Refused at once, not after waiting for a slot.
      EXPECT_LT(took[i], absl::Seconds(2)) << i;
      ++refused;
    }
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(refused, kCalls - 2);
  // The slots are free again.
  EXPECT_TRUE(echo(0).ok());
  small.RequestShutdown();
  small.Wait();
}

TEST(ServerFlagsTest, MetricsListenOnLoopbackUnlessTold) {
  EXPECT_EQ(ServerOptions().metrics_host, "127.0.0.1");
  EXPECT_EQ(ServerOptionsFromFlags("probe").metrics_host, "127.0.0.1");
  absl::SetFlag(&FLAGS_metrics_host, "0.0.0.0");
  EXPECT_EQ(ServerOptionsFromFlags("probe").metrics_host, "0.0.0.0");
  absl::SetFlag(&FLAGS_metrics_host, "127.0.0.1");
}

}  // namespace
}  // namespace unioncard::rpc
