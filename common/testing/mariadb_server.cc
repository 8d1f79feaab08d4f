#include "common/testing/mariadb_server.h"

#include <arpa/inet.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log/request_id.h"

#ifndef UNIONCARD_SOURCE_DIR
#error "UNIONCARD_SOURCE_DIR must point at the repository root"
#endif

namespace unioncard::testing {
namespace {

constexpr char kTestPassword[] = "unioncard-test";

std::string Env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

// The server every TestDatabase of this process uses when run.sh gave none.
absl::StatusOr<db::DbOptions> SharedServerOptions() {
  static std::mutex mu;
  static std::unique_ptr<MariaDbServer> private_server;
  std::lock_guard<std::mutex> lock(mu);
  if (std::getenv("UNIONCARD_TEST_MYSQL_PORT") != nullptr) {
    db::DbOptions options;
    options.host = Env("UNIONCARD_TEST_MYSQL_HOST", "127.0.0.1");
    if (!absl::SimpleAtoi(Env("UNIONCARD_TEST_MYSQL_PORT", ""),
                          &options.port)) {
      return absl::InvalidArgumentError(
          "UNIONCARD_TEST_MYSQL_PORT is not a port");
    }
    options.user = Env("UNIONCARD_TEST_MYSQL_USER", "unioncard");
    options.password = Env("UNIONCARD_TEST_MYSQL_PASSWORD", "");
    return options;
  }
  if (private_server == nullptr) {
    absl::StatusOr<std::unique_ptr<MariaDbServer>> server =
        MariaDbServer::Start();
    if (!server.ok()) return server.status();
    private_server = *std::move(server);
    // Stopped by the OS when the test binary exits would leave mariadbd
    // running; stop it explicitly.
    std::atexit([] { private_server.reset(); });
  }
  return private_server->AdminOptions();
}

}  // namespace

int PickFreePort() {
  // Outside the kernel's ephemeral range, so that no server bound to port
  // 0 and no outgoing connection takes the port between this pick and the
  // bind of the server it is meant for (a picked port was once handed to a
  // bank-sim bound to port 0 as well; both listened, SO_REUSEPORT split the
  // calls). Never the same port twice in one process; the same rule as
  // deploy/local/lib.sh's free_port. Another process may still pick the
  // same port: the second bind then fails loudly (no SO_REUSEPORT).
  static std::mutex mutex;
  static std::set<int>* handed_out = new std::set<int>();
  int low = 32768, high = 60999;
  if (std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range"); range) {
    range >> low >> high;
  }
  // Below the range when there is room (Debian: 20000..32767), else above.
  const bool below = low > 21000;
  if (!below && high > 64535) {
    std::fprintf(stderr,
                 "PickFreePort: no room outside the ephemeral range "
                 "%d-%d\n",
                 low, high);
    std::abort();
  }
  static std::mt19937 random(std::random_device{}() ^ getpid());
  std::lock_guard<std::mutex> lock(mutex);
  std::uniform_int_distribution<int> pick(below ? 20000 : high + 1,
                                          below ? low - 1 : 65535);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = pick(random);
    if (handed_out->count(port) > 0) continue;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool free =
        bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    close(fd);
    if (free) {
      handed_out->insert(port);
      return port;
    }
  }
  // A test given port 0 would listen somewhere else than it was told.
  std::fprintf(stderr, "PickFreePort: no free port after 200 tries\n");
  std::abort();
}

absl::StatusOr<std::unique_ptr<MariaDbServer>> MariaDbServer::Start() {
  return StartWithTls("");
}

absl::StatusOr<std::unique_ptr<MariaDbServer>> MariaDbServer::StartWithTls(
    const std::string& cert_dir) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "unioncard-mariadb-XXXXXX")
          .string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("cannot create a temporary directory");
  }
  std::unique_ptr<MariaDbServer> server(
      new MariaDbServer(pattern, PickFreePort(), cert_dir));
  if (absl::Status s = server->Restart(); !s.ok()) return s;
  return server;
}

MariaDbServer::~MariaDbServer() {
  (void)Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status MariaDbServer::RunScript(const std::string& args) const {
  const std::string command = absl::StrCat(
      tls_dir_.empty()
          ? ""
          : absl::StrCat("UNIONCARD_MARIADB_TLS_DIR='", tls_dir_, "' "),
      UNIONCARD_SOURCE_DIR, "/deploy/local/mariadb.sh ", args, " >>", dir_,
      "/script.log 2>&1");
  if (std::system(command.c_str()) != 0) {
    return absl::UnavailableError(
        absl::StrCat("`mariadb.sh ", args, "` failed; see ", dir_,
                     "/script.log and ", dir_, "/mysqld.log"));
  }
  return absl::OkStatus();
}

absl::Status MariaDbServer::Stop() { return RunScript("stop " + dir_); }

absl::Status MariaDbServer::Restart() {
  return RunScript(
      absl::StrCat("start ", dir_, " ", port_, " ", kTestPassword));
}

absl::Status MariaDbServer::Kill() {
  std::ifstream pidfile(dir_ + "/mysqld.pid");
  pid_t pid = 0;
  if (!(pidfile >> pid) || pid <= 0) {
    return absl::FailedPreconditionError("MariaDB is not running");
  }
  ::kill(pid, SIGKILL);
  // Gone, or a zombie nobody has reaped yet (where PID 1 does not reap).
  const auto gone = [pid] {
    if (::kill(pid, 0) != 0) return true;
    std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
    std::string line;
    std::getline(stat, line);
    const size_t paren = line.rfind(')');
    return paren != std::string::npos && paren + 2 < line.size() &&
           line[paren + 2] == 'Z';
  };
  for (int i = 0; i < 200 && !gone(); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  if (!gone()) return absl::InternalError("mysqld survived SIGKILL");
  return absl::OkStatus();
}

db::DbOptions MariaDbServer::AdminOptions() const {
  db::DbOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  options.user = "unioncard";
  options.password = kTestPassword;
  return options;
}

int64_t CountRows(db::ConnectionPool& pool, const std::string& from_where) {
  int64_t n = -1;
  (void)pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::ResultSet> row(
        std::unique_ptr<sql::Statement>(c.createStatement())
            ->executeQuery("SELECT COUNT(*) FROM " + from_where));
    if (row->next()) n = row->getInt64(1);
    return absl::OkStatus();
  });
  return n;
}

int64_t CountRows(const db::DbOptions& options, const std::string& from_where) {
  auto rows = QueryRows(options, "SELECT COUNT(*) FROM " + from_where);
  int64_t n = -1;
  if (rows.ok() && rows->size() == 1 && !absl::SimpleAtoi((*rows)[0][0], &n)) {
    n = -1;
  }
  return n;
}

absl::StatusOr<std::vector<std::vector<std::string>>> QueryRows(
    const db::DbOptions& options, const std::string& sql) {
  db::DbOptions one = options;
  one.pool_size = 1;
  absl::StatusOr<std::unique_ptr<db::ConnectionPool>> pool =
      db::ConnectionPool::Create(one);
  if (!pool.ok()) return pool.status();
  std::vector<std::vector<std::string>> rows;
  absl::Status read = (*pool)->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::ResultSet> result(
        std::unique_ptr<sql::Statement>(c.createStatement())
            ->executeQuery(sql));
    const unsigned columns = result->getMetaData()->getColumnCount();
    while (result->next()) {
      std::vector<std::string>& row = rows.emplace_back();
      for (unsigned i = 1; i <= columns; ++i)
        row.push_back(result->getString(i));
    }
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return rows;
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create() {
  absl::StatusOr<db::DbOptions> server = SharedServerOptions();
  if (!server.ok()) return server.status();
  return CreateOn(*std::move(server));
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::CreateOn(
    db::DbOptions server) {
  db::DbOptions options = std::move(server);
  options.pool_size = 1;
  absl::StatusOr<std::unique_ptr<db::ConnectionPool>> admin =
      db::ConnectionPool::Create(options);
  if (!admin.ok()) return admin.status();
  const std::string schema =
      absl::StrCat("t_", log::NewRequestId().substr(0, 16));
  absl::Status created = (*admin)->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->execute(
            absl::StrCat("CREATE DATABASE ", schema, " CHARACTER SET utf8mb4"));
    return absl::OkStatus();
  });
  if (!created.ok()) return created;
  options.database = schema;
  options.pool_size = 4;
  return std::unique_ptr<TestDatabase>(new TestDatabase(options));
}

TestDatabase::~TestDatabase() {
  db::DbOptions admin_options = options_;
  admin_options.database.clear();
  admin_options.pool_size = 1;
  auto admin = db::ConnectionPool::Create(admin_options);
  if (!admin.ok()) return;
  (void)(*admin)->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->execute(absl::StrCat("DROP DATABASE IF EXISTS ", options_.database));
    return absl::OkStatus();
  });
}

}  // namespace unioncard::testing
