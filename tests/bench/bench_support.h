#ifndef UNIONCARD_TESTS_BENCH_BENCH_SUPPORT_H_
#define UNIONCARD_TESTS_BENCH_BENCH_SUPPORT_H_

// What the benchmarks share: a MariaDB (tests/run.sh's or a private one),
// fresh schemas, generated members, member-svc loaded with them, medians.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"
#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/process_memory.h"
#include "member-svc/src/member_server.h"
#include "member/v1/member.grpc.pb.h"
#include "tools/datagen/member_generator.h"

namespace unioncard::bench {

// Exits with the message when `s` is not OK (benchmarks stop at once).
void Check(const absl::Status& s, const char* what);

// The server of UNIONCARD_TEST_MYSQL_* or a private one kept in `holder`.
db::DbOptions BenchServer(std::unique_ptr<testing::MariaDbServer>& holder);
// A dropped-and-created schema `name` on `server`.
db::DbOptions FreshSchema(const db::DbOptions& server, const std::string& name);

struct GeneratedMembers {
  std::vector<datagen::GrassrootsUnion> unions;
  std::vector<member::v1::ImportRow> rows;
};
GeneratedMembers GenerateMembers(int64_t members);
std::vector<reference::CountyPlan> CangzhouPlan();

// member-svc on a loopback port over `options`, verifying tokens of `key`;
// its /metrics on `metrics_port` when given (-1: none).
std::unique_ptr<rpc::ServiceHost> StartMemberSvc(const db::DbOptions& options,
                                                 const auth::SigningKey& key,
                                                 int metrics_port = -1);
// Creates the unions, then imports the rows in one ImportMembers stream.
void LoadMembers(rpc::ServiceHost& server, const std::string& token,
                 const GeneratedMembers& data, int rows_per_message = 1000);
// The same against member-svc on loopback `port` (its own process).
void LoadMembers(int port, const std::string& token,
                 const GeneratedMembers& data, int rows_per_message = 1000);

// One GetMember of member `id` as the holder of `token`; true when it
// answered OK.
bool GetMember(member::v1::MemberService::Stub& stub, const std::string& token,
               int64_t id);

// A fresh scratch directory for a service binary run as its own process
// (testing::StartServiceProcess), with verify.json trusting `key`.
std::string ServiceDir(const std::string& service, const auth::SigningKey& key);
// A private CA and mutual-TLS certificates for card-svc and bank-sim in
// `dir` (deploy/local/make-certs.sh): ca.crt, card-svc.{crt,key}, ….
void MakeBankLinkCertificates(const std::string& dir);
// Prints the memory of `service`, run as its own process, after `what`,
// and reports its peak as the figure "<service>_peak_rss" against issue
// 16's 256 MiB.
void ServiceMemoryFigure(const std::string& service, const std::string& what,
                         const testing::ProcessMemory& memory);

double Median(std::vector<double> v);
// How long `f` takes.
double Seconds(const std::function<void()>& f);

// A fresh schema `name` on `server` with `migrations` applied, open to
// LOAD DATA LOCAL (the benchmarks load generated rows in bulk).
std::unique_ptr<db::ConnectionPool> MigratedSchema(
    const db::DbOptions& server, const std::string& name,
    const std::vector<db::Migration>& migrations);
// ANALYZE TABLE `tables` (comma-separated), its report read to the end: an
// unread result would leave the pooled connection out of sync for the
// next statement.
void Analyze(sql::Statement& statement, const std::string& tables);

// One figure of the benchmark report (tests/bench/run.sh collects them):
// prints a line "FIGURE {json}" with name, value, unit, baseline (0: none),
// ratio (value / baseline, or null), goal (as text) and whether it is met.
void Figure(const std::string& name, double value, const std::string& unit,
            double baseline, const std::string& goal, bool met);

}  // namespace unioncard::bench

#endif  // UNIONCARD_TESTS_BENCH_BENCH_SUPPORT_H_
