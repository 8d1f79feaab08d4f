#ifndef UNIONCARD_COMMON_DB_CONNECTION_POOL_H_
#define UNIONCARD_COMMON_DB_CONNECTION_POOL_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::db {

struct DbOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  int pool_size = 8;
  // A CA certificate (PEM file): when set, every connection uses TLS and
  // checks the server's certificate against it and its name against
  // `host`; a server that cannot show one fails the connection. Empty:
  // plain TCP (loopback and the development machines).
  std::string tls_ca;
  absl::Duration connect_timeout = absl::Seconds(5);
  // Lets `LOAD DATA LOCAL INFILE` read client files: only the import
  // benchmark's baseline uses it; services leave it off.
  bool allow_local_infile = false;
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // A connection back in the pool for less than this is lent again without
  // a ping first: under load that is one round trip less per call (a point
  // read made two; tests/bench/point_read_bench). If the server went away
  // meanwhile, the first statement fails UNAVAILABLE — as a call does when
  // the server dies under it — and the pool forgets every idle connection,
  // so the next caller gets a checked or fresh one.
  absl::Duration trust_recent_connection = absl::Seconds(1);
  // At start a service applies its pending migrations (kApply: its account
  // owns the schema), or only checks that none is pending (kVerify: it
  // runs with an account that reads and writes rows; a separate
  // --migrate_only run with the schema owner's account applied them).
  enum class SchemaChanges { kApply, kVerify };
  SchemaChanges schema_changes = SchemaChanges::kApply;
};

class ConnectionPool;

// A pooled connection and the statements it keeps prepared (declared
// after it, so they are closed first).
struct PooledConnection {
  std::unique_ptr<sql::Connection> connection;
  std::map<std::string, std::unique_ptr<sql::PreparedStatement>> prepared;
};

// A connection borrowed from the pool; returned when the lease ends.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  sql::Connection& operator*() const { return *pooled_.connection; }
  sql::Connection* operator->() const { return pooled_.connection.get(); }
  // `sql` prepared on this connection: prepared the first time the
  // connection is asked for that text, then kept for its life.
  sql::PreparedStatement& Prepared(const std::string& sql);
  // The connection died or is in an unknown state: close it instead of
  // handing it to the next caller.
  void Discard() { discard_ = true; }

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool* pool, PooledConnection pooled);

  ConnectionPool* pool_;
  PooledConnection pooled_;
  bool discard_ = false;
};

// A small, fixed-size pool over MySQL Connector/C++ 1.1: utf8mb4, no
// client-side auto-reconnect (it would silently drop session state such as
// an open transaction). Instead every borrowed connection is pinged and
// replaced when the server went away, so the first call after a database
// restart succeeds.
class ConnectionPool {
 public:
  // Connects once to fail fast on bad settings.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(
      DbOptions options);
  ~ConnectionPool();

  absl::StatusOr<Lease> Acquire();

  // Runs `work` on a borrowed connection in autocommit mode. SQL exceptions
  // become statuses (see sql_error.h); a lost connection is discarded.
  absl::Status Run(const std::function<absl::Status(sql::Connection&)>& work);

  // As Run, with `sql` prepared: each connection prepares a given text once
  // and keeps it, so a point read is one round trip where
  // prepareStatement costs a prepare, an execute and a close
  // (tests/bench/point_read_bench). For fixed texts only: a connection
  // keeps at most kPreparedPerConnection.
  absl::Status RunPrepared(
      const std::string& sql,
      const std::function<absl::Status(sql::PreparedStatement&)>& work);
  static constexpr size_t kPreparedPerConnection = 32;

  // Runs `work` in one transaction: commit when it returns OK, roll back
  // otherwise. Deadlocks and lock wait timeouts rerun the whole of `work`
  // (up to 3 attempts), so `work` must not have effects outside the
  // database.
  absl::Status InTransaction(
      const std::function<absl::Status(sql::Connection&)>& work);

  const DbOptions& options() const { return options_; }
  // Transactions rerun after a deadlock or lock wait timeout, since start
  // (lock contention a writer should design away shows here).
  int64_t transactions_retried() const { return retried_.load(); }

 private:
  explicit ConnectionPool(DbOptions options) : options_(std::move(options)) {}
  friend class Lease;

  absl::StatusOr<std::unique_ptr<sql::Connection>> Connect() const;
  void Return(PooledConnection pooled, bool discard);
  // `work` on the lease, its SQL exceptions as statuses (Run, RunPrepared).
  absl::Status Guarded(Lease& lease, const std::function<absl::Status()>& work);

  DbOptions options_;
  std::mutex mu_;
  std::condition_variable available_;
  struct Idle {
    PooledConnection pooled;
    absl::Time returned;
  };
  // After a connection was found lost: the others shared its server.
  void ForgetIdle();
  // Closes `pooled`, its statements first, whatever state its server is in.
  static void Close(PooledConnection pooled);

  std::vector<Idle> idle_;
  int open_ = 0;  // idle + leased
  std::atomic<int64_t> retried_{0};
};

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_CONNECTION_POOL_H_
