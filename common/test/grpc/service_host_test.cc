// The common host with a real MariaDB schema and a real gRPC server on a
// loopback port: the order of start and stop every service relies on.
#include "common/grpc/service_host.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
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
  void Stop() { journal->Add("stop " + name); }
};

bool Serving(int port) {
  auto stub = grpc::health::v1::Health::NewStub(
      MakeChannel(absl::StrCat("127.0.0.1:", port)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
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
  host->InBackground(std::make_unique<Task>("worker", &journal));
  host->OnDrain([&journal] { journal.Add("drain"); });
  EXPECT_THAT(journal.Take(), ::testing::IsEmpty());  // nothing before Start

  ASSERT_TRUE(host->Start().ok());
  EXPECT_THAT(journal.Take(), ElementsAre("start follower", "start worker"));
  EXPECT_TRUE(Serving(host->port()));

  host->Stop();
  host->Stop();  // a second Stop changes nothing
  EXPECT_THAT(journal.Take(),
              ElementsAre("stop worker", "stop follower", "drain"));
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

}  // namespace
}  // namespace unioncard::rpc
