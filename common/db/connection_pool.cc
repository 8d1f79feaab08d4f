#include "common/db/connection_pool.h"

#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/row.h"
#include "common/db/sql_error.h"
#include "common/log/json_log.h"

namespace unioncard::db {
namespace {

sql::Driver* Driver() {
  // get_driver_instance() is not thread-safe on first use.
  static sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

constexpr int kTransactionAttempts = 3;

}  // namespace

Lease::Lease(ConnectionPool* pool, PooledConnection pooled)
    : pool_(pool), pooled_(std::move(pooled)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      pooled_(std::move(other.pooled_)),
      discard_(other.discard_) {}

Lease::~Lease() {
  if (pooled_.connection != nullptr) {
    pool_->Return(std::move(pooled_), discard_);
  }
}

sql::PreparedStatement& Lease::Prepared(const std::string& sql) {
  auto it = pooled_.prepared.find(sql);
  if (it != pooled_.prepared.end()) return *it->second;
  if (pooled_.prepared.size() >= ConnectionPool::kPreparedPerConnection) {
    pooled_.prepared.clear();  // a caller building texts: keep it bounded
  }
  std::unique_ptr<sql::PreparedStatement> statement(
      pooled_.connection->prepareStatement(sql));
  return *pooled_.prepared.emplace(sql, std::move(statement)).first->second;
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(
    DbOptions options) {
  if (options.pool_size < 1) {
    return absl::InvalidArgumentError("pool_size must be at least 1");
  }
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(std::move(options)));
  Driver();
  absl::StatusOr<Lease> first = pool->Acquire();
  if (!first.ok()) return first.status();
  return pool;
}

ConnectionPool::~ConnectionPool() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<sql::Connection>> ConnectionPool::Connect()
    const {
  sql::ConnectOptionsMap properties;
  properties["hostName"] =
      sql::SQLString(absl::StrCat("tcp://", options_.host, ":", options_.port));
  properties["userName"] = sql::SQLString(options_.user);
  properties["password"] = sql::SQLString(options_.password);
  if (!options_.database.empty()) {
    properties["schema"] = sql::SQLString(options_.database);
  }
  properties["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  properties["OPT_RECONNECT"] = false;
  if (options_.allow_local_infile) properties["OPT_LOCAL_INFILE"] = 1;
  if (!options_.tls_ca.empty()) {
    // Connector/C++ 1.1: any ssl option turns TLS on; sslVerify checks the
    // certificate chain and the host name (MYSQL_OPT_SSL_VERIFY_SERVER_CERT).
    properties["sslCA"] = sql::SQLString(options_.tls_ca);
    properties["sslVerify"] = true;
    properties["sslEnforce"] = true;
  }
  properties["OPT_CONNECT_TIMEOUT"] =
      static_cast<int>(absl::ToInt64Seconds(options_.connect_timeout));
  try {
    std::unique_ptr<sql::Connection> connection(Driver()->connect(properties));
    std::unique_ptr<sql::Statement> statement(connection->createStatement());
    // Strict mode: a value that does not fit is an error, never truncated.
    statement->execute(
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
        "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
        "time_zone = '+00:00'");
    return connection;
  } catch (const sql::SQLException& e) {
    absl::Status status = StatusFromSqlException(e);
    // Any failure to connect means the database cannot be reached as
    // configured: the caller may retry later.
    return absl::UnavailableError(absl::StrCat(
        "cannot connect to MySQL at ", options_.host, ":", options_.port,
        " as ", options_.user, ": ", status.message()));
  }
}

absl::StatusOr<Lease> ConnectionPool::Acquire() {
  PooledConnection pooled;
  {
    std::unique_lock<std::mutex> lock(mu_);
    const bool got = available_.wait_for(
        lock, absl::ToChronoMilliseconds(options_.acquire_timeout),
        [this] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!got) {
      return absl::UnavailableError(
          absl::StrCat("all ", options_.pool_size,
                       " database connections are busy; try again shortly"));
    }
    bool recent = false;
    if (!idle_.empty()) {
      recent = absl::Now() - idle_.back().returned <
               options_.trust_recent_connection;
      pooled = std::move(idle_.back().pooled);
      idle_.pop_back();
    }
    ++open_;  // reserve the slot before connecting outside the lock
    if (recent) return Lease(this, std::move(pooled));
  }
  if (pooled.connection != nullptr) {
    bool alive = false;
    try {
      alive = pooled.connection->isValid();
    } catch (const sql::SQLException&) {
      alive = false;
    }
    if (!alive) {
      log::Warn("database connection lost; reconnecting");
      Close(std::move(pooled));
    }
  }
  if (pooled.connection == nullptr) {
    absl::StatusOr<std::unique_ptr<sql::Connection>> fresh = Connect();
    if (!fresh.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      --open_;
      available_.notify_one();
      return fresh.status();
    }
    pooled = PooledConnection{*std::move(fresh), {}};
  }
  return Lease(this, std::move(pooled));
}

void ConnectionPool::Return(PooledConnection pooled, bool discard) {
  if (discard) Close(std::move(pooled));
  std::lock_guard<std::mutex> lock(mu_);
  --open_;
  if (!discard) idle_.push_back({std::move(pooled), absl::Now()});
  available_.notify_one();
}

void ConnectionPool::ForgetIdle() {
  std::vector<Idle> forgotten;
  {
    std::lock_guard<std::mutex> lock(mu_);
    forgotten.swap(idle_);
  }
  for (Idle& idle : forgotten) Close(std::move(idle.pooled));
}

void ConnectionPool::Close(PooledConnection pooled) {
  // Closing a statement or connection whose server went away may throw;
  // they are gone either way. Statements go before their connection.
  try {
    pooled.prepared.clear();
  } catch (const sql::SQLException&) {
  }
  try {
    pooled.connection.reset();
  } catch (const sql::SQLException&) {
  }
}

absl::Status ConnectionPool::Run(
    const std::function<absl::Status(sql::Connection&)>& work) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return Guarded(*lease, [&] { return work(**lease); });
}

absl::Status ConnectionPool::RunPrepared(
    const std::string& sql,
    const std::function<absl::Status(sql::PreparedStatement&)>& work) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return Guarded(*lease, [&] { return work(lease->Prepared(sql)); });
}

absl::Status ConnectionPool::Guarded(
    Lease& lease, const std::function<absl::Status()>& work) {
  try {
    return work();
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e.getErrorCode())) {
      lease.Discard();
      ForgetIdle();
    }
    return StatusFromSqlException(e);
  } catch (const CorruptRow& e) {
    return absl::DataLossError(e.what());
  } catch (const std::exception& e) {
    // Not the database's doing, but the session's state is unknown now.
    lease.Discard();
    return absl::InternalError(absl::StrCat("unexpected error: ", e.what()));
  }
}

absl::Status ConnectionPool::InTransaction(
    const std::function<absl::Status(sql::Connection&)>& work) {
  absl::Status status;
  for (int attempt = 1; attempt <= kTransactionAttempts; ++attempt) {
    absl::StatusOr<Lease> lease = Acquire();
    if (!lease.ok()) return lease.status();
    sql::Connection& connection = **lease;
    try {
      connection.setAutoCommit(false);
      status = work(connection);
      if (status.ok()) {
        connection.commit();
      } else {
        connection.rollback();
      }
      connection.setAutoCommit(true);
      return status;
    } catch (const sql::SQLException& e) {
      status = StatusFromSqlException(e);
      if (IsConnectionLost(e.getErrorCode())) {
        // The server rolled back whatever was open; if the commit itself
        // was lost we cannot know, so report UNAVAILABLE and let the caller
        // retry with its request id (idempotent by design).
        lease->Discard();
        ForgetIdle();
        return status;
      }
      try {
        connection.rollback();
        connection.setAutoCommit(true);
      } catch (const sql::SQLException&) {
        lease->Discard();
      }
      if (!IsRetryableTransactionError(e.getErrorCode())) return status;
      ++retried_;
      log::Warn("transaction retried",
                {{"attempt", attempt}, {"error", status.message()}});
    } catch (const CorruptRow& e) {
      // A stored value no reader knows: nothing of the change is written.
      try {
        connection.rollback();
        connection.setAutoCommit(true);
      } catch (const sql::SQLException&) {
        lease->Discard();
      }
      return absl::DataLossError(e.what());
    } catch (const std::exception& e) {
      // Never hand a connection with an open transaction to the next
      // caller: closing it makes the server roll back.
      lease->Discard();
      return absl::InternalError(absl::StrCat("unexpected error: ", e.what()));
    }
  }
  return status;
}

}  // namespace unioncard::db
