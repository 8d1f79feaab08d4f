#ifndef UNIONCARD_COMMON_TESTING_MARIADB_SERVER_H_
#define UNIONCARD_COMMON_TESTING_MARIADB_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/connection_pool.h"

namespace unioncard::testing {

// A free TCP port on 127.0.0.1, outside the kernel's ephemeral range (so no
// port-0 bind takes it first) and never the same twice in one process;
// aborts when none is found.
int PickFreePort();

// A real MariaDB of the test's own, in a temporary directory on a loopback
// port, run through deploy/local/mariadb.sh. For tests that must stop and
// restart the server; others share one through TestDatabase.
class MariaDbServer {
 public:
  static absl::StatusOr<std::unique_ptr<MariaDbServer>> Start();
  // The same, offering TLS with cert_dir's ca.crt, server.crt, server.key.
  static absl::StatusOr<std::unique_ptr<MariaDbServer>> StartWithTls(
      const std::string& cert_dir);
  ~MariaDbServer();  // stops the server and removes its directory

  absl::Status Stop();
  absl::Status Restart();  // same directory and port
  // SIGKILL, as a crash or the OOM killer would; waits until it is gone.
  absl::Status Kill();

  int port() const { return port_; }
  // The all-privileges test account, no schema selected.
  db::DbOptions AdminOptions() const;

 private:
  MariaDbServer(std::string dir, int port, std::string tls_dir)
      : dir_(std::move(dir)), port_(port), tls_dir_(std::move(tls_dir)) {}
  absl::Status RunScript(const std::string& args) const;

  std::string dir_;
  int port_;
  std::string tls_dir_;
};

// SELECT COUNT(*) FROM `from_where` ("cards WHERE state = 4"); -1 on error.
// Tests check what a service wrote with it; `from_where` is test text.
int64_t CountRows(db::ConnectionPool& pool, const std::string& from_where);
// The same on a fresh connection to `options` (a schema the test does not
// otherwise hold a pool for).
int64_t CountRows(const db::DbOptions& options, const std::string& from_where);

// Every row of `sql` on a fresh connection to `options`, each column as
// text: what a test reads back of what a service wrote.
absl::StatusOr<std::vector<std::vector<std::string>>> QueryRows(
    const db::DbOptions& options, const std::string& sql);

// A fresh, empty schema for one test, dropped at the end. It lives on the
// MariaDB that tests/run.sh started (UNIONCARD_TEST_MYSQL_HOST/_PORT/_USER/
// _PASSWORD) or, when those are unset (a bare `ctest`), on a private server
// started once for the test binary.
class TestDatabase {
 public:
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create();
  // The same on a given server (a test's own MariaDbServer).
  static absl::StatusOr<std::unique_ptr<TestDatabase>> CreateOn(
      db::DbOptions server);
  ~TestDatabase();

  // Options with `database` set to this schema.
  const db::DbOptions& options() const { return options_; }

 private:
  explicit TestDatabase(db::DbOptions options) : options_(std::move(options)) {}
  db::DbOptions options_;
};

}  // namespace unioncard::testing

#endif  // UNIONCARD_COMMON_TESTING_MARIADB_SERVER_H_
