// The common host with a real MariaDB schema and a real gRPC server on a
// loopback port: the order of start and stop every service relies on.
#include "common/grpc/service_host.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "audit/v1/audit.grpc.pb.h"
#include "common/grpc/client.h"
#include "common/testing/mariadb_server.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/probe/probe_service.h"

namespace unioncard::rpc {
namespace {

using ::testing::ElementsAre;

// What happened, in order, across threads.
class Journal {
 public:
  void Add(std::string what) {
    absl::MutexLock lock(&mu_);
    entries_.push_back(std::move(what));
  }
  std::vector<std::string> Take() {
    absl::MutexLock lock(&mu_);
    return std::exchange(entries_, {});
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> entries_;
};

struct Part {
  Part(std::string name, Journal* journal)
      : name(std::move(name)), journal(journal) {}
  ~Part() { journal->Add("destroy " + name); }
  std::string name;
  Journal* journal;
};

struct Task : Part {
  using Part::Part;
  void Start() { journal->Add("start " + name); }
  void Stop() {
    journal->Add(absl::StrCat("stop ", name,
                              !serving    ? ""
                              : serving() ? " (answering, NOT_SERVING)"
                                          : " (not as expected)"));
  }
  // Asked as the task stops, when set: is the host where it should be?
  std::function<bool()> serving;
};

// The health service's answer, or nothing when the server does not answer.
std::optional<grpc::health::v1::HealthCheckResponse::ServingStatus> Health(
    int port) {
  auto stub = grpc::health::v1::Health::NewStub(
      MakeChannel(absl::StrCat("127.0.0.1:", port)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, request, &response).ok()) return std::nullopt;
  return response.status();
}

bool Answers(int port) { return Health(port).has_value(); }

bool Serving(int port) {
  return Health(port) == grpc::health::v1::HealthCheckResponse::SERVING;
}

class ServiceHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = unioncard::testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  ServiceHost::Options Options(const std::string& listen = "127.0.0.1:0") {
    ServiceHost::Options options;
    options.db = db_->options();
    options.schema = {{1,
                       "a table of the test's own",
                       {"CREATE TABLE IF NOT EXISTS host_probe (id INT)"}}};
    options.server.listen_address = listen;
    options.server.metrics_port = -1;
    return options;
  }

  std::unique_ptr<unioncard::testing::TestDatabase> db_;
  auth::TokenVerifier verifier_{{}};
};

TEST_F(ServiceHostTest, StopsBackgroundThenDrainsThenDestroysPartsLastFirst) {
  Journal journal;
  auto opened = ServiceHost::Open(Options());
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<ServiceHost> host = *std::move(opened);
  // The schema is brought up to date at Open.
  ASSERT_TRUE(host->pool()
                  ->Run([](sql::Connection& c) {
                    std::unique_ptr<sql::Statement>(c.createStatement())
                        ->executeQuery("SELECT COUNT(*) FROM host_probe");
                    return absl::OkStatus();
                  })
                  .ok());

  host->Keep(std::make_unique<Part>("store", &journal));
  host->Serve(std::make_unique<unioncard::testing::ProbeService>(verifier_));
  host->InBackground(std::make_unique<Task>("follower", &journal));
  Task* worker = host->InBackground(std::make_unique<Task>("worker", &journal));
  host->OnDrain([&journal] { journal.Add("drain"); });
  EXPECT_THAT(journal.Take(), ::testing::IsEmpty());  // nothing before Start

  ASSERT_TRUE(host->Start().ok());
  EXPECT_THAT(journal.Take(), ElementsAre("start follower", "start worker"));
  EXPECT_TRUE(Serving(host->port()));

  // While the background work stops, the server still answers, and says
  // it is no longer serving (load balancers have moved on).
  const int port = host->port();
  worker->serving = [port] { return !Serving(port) && Answers(port); };
  host->Stop();
  host->Stop();  // a second Stop changes nothing
  EXPECT_THAT(journal.Take(),
              ElementsAre("stop worker (answering, NOT_SERVING)",
                          "stop follower", "drain"));
  host.reset();
  EXPECT_THAT(journal.Take(), ElementsAre("destroy worker", "destroy follower",
                                          "destroy store"));
}

TEST_F(ServiceHostTest, APortInUseFailsStartAndNothingRunsOrHangs) {
  Journal journal;
  auto first = ServiceHost::Open(Options());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE((*first)->Start().ok());
  const int port = (*first)->port();

  auto second = ServiceHost::Open(Options(absl::StrCat("127.0.0.1:", port)));
  ASSERT_TRUE(second.ok()) << second.status();
  (*second)->InBackground(std::make_unique<Task>("follower", &journal));
  EXPECT_FALSE((*second)->Start().ok());
  second->reset();
  // Never started, so never stopped: only let go.
  EXPECT_THAT(journal.Take(), ElementsAre("destroy follower"));
  EXPECT_TRUE(Serving(port));  // the first is untouched
}

TEST_F(ServiceHostTest, ASecondListenerServesAndStopsWithTheHost) {
  auto opened = ServiceHost::Open(Options());
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<ServiceHost> host = *std::move(opened);
  auto* probe =
      host->Keep(std::make_unique<unioncard::testing::ProbeService>(verifier_));
  ServerOptions side;
  side.service_name = "probe-side";
  side.listen_address = "127.0.0.1:0";
  side.metrics_port = -1;
  ServiceRunner* listener = host->AddListener(side, {probe});
  ASSERT_TRUE(host->Start().ok());
  const int side_port = listener->port();
  EXPECT_NE(side_port, host->port());
  EXPECT_TRUE(Serving(side_port));
  host->Stop();
  EXPECT_FALSE(Answers(side_port));  // stopped with the main server
}

TEST_F(ServiceHostTest, AListenerWhosePortIsTakenFailsStartAndNothingHangs) {
  Journal journal;
  auto first = ServiceHost::Open(Options());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE((*first)->Start().ok());

  auto opened = ServiceHost::Open(Options());
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<ServiceHost> host = *std::move(opened);
  auto* probe =
      host->Keep(std::make_unique<unioncard::testing::ProbeService>(verifier_));
  ServerOptions free_side, taken_side;
  free_side.listen_address = "127.0.0.1:0";
  free_side.metrics_port = -1;
  taken_side.listen_address = absl::StrCat("127.0.0.1:", (*first)->port());
  taken_side.metrics_port = -1;
  auto* other_probe =
      host->Keep(std::make_unique<unioncard::testing::ProbeService>(verifier_));
  ServiceRunner* started = host->AddListener(free_side, {probe});
  host->AddListener(taken_side, {other_probe});
  host->InBackground(std::make_unique<Task>("follower", &journal));
  EXPECT_FALSE(host->Start().ok());
  const int started_port = started->port();
  host.reset();  // the listener that did start is stopped and joined
  EXPECT_FALSE(Answers(started_port));
  EXPECT_THAT(journal.Take(), ElementsAre("destroy follower"));
}

TEST_F(ServiceHostTest, TheAuditTrailIsServedWhenAVerifierIsGiven) {
  for (bool with_verifier : {false, true}) {
    ServiceHost::Options options = Options();
    if (with_verifier) options.verifier = &verifier_;
    auto opened = ServiceHost::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    ASSERT_TRUE((*opened)->Start().ok());
    auto stub = audit::v1::AuditLog::NewStub(
        MakeChannel(absl::StrCat("127.0.0.1:", (*opened)->port())));
    grpc::ClientContext context;
    audit::v1::ListAuditEntriesRequest request;
    audit::v1::ListAuditEntriesResponse response;
    // Without a token: refused by the service if it is there at all.
    EXPECT_EQ(stub->ListAuditEntries(&context, request, &response).error_code(),
              with_verifier ? grpc::StatusCode::UNAUTHENTICATED
                            : grpc::StatusCode::UNIMPLEMENTED);
  }
}

}  // namespace
}  // namespace unioncard::rpc
