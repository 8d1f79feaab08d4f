// Against a real MariaDB (see common/testing/mariadb_server.h).
#include "common/db/connection_pool.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::db {
namespace {

absl::Status Execute(sql::Connection& c, const std::string& statement) {
  std::unique_ptr<sql::Statement>(c.createStatement())->execute(statement);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CountRows(ConnectionPool& pool) {
  int64_t count = -1;
  absl::Status s = pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::ResultSet> r(
        std::unique_ptr<sql::Statement>(c.createStatement())
            ->executeQuery("SELECT COUNT(*) FROM notes"));
    r->next();
    count = r->getInt64(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return count;
}

class ConnectionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto pool = ConnectionPool::Create(db_->options());
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(pool_
                    ->Run([](sql::Connection& c) {
                      return Execute(c,
                                     "CREATE TABLE notes (id INT PRIMARY KEY, "
                                     "body VARCHAR(100) NOT NULL) "
                                     "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
                    })
                    .ok());
  }

  absl::Status Insert(sql::Connection& c, int id, const std::string& body) {
    std::unique_ptr<sql::PreparedStatement> insert(
        c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)"));
    insert->setInt(1, id);
    insert->setString(2, body);
    insert->executeUpdate();
    return absl::OkStatus();
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(ConnectionPoolTest, Utf8mb4AndSqlLookingTextRoundTripUnchanged) {
  const std::string names[] = {"欧阳娜娜", "阿卜杜拉·买买提", "🀄 emoji",
                               "Robert'); DROP TABLE notes;--"};
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(
        pool_->Run([&](sql::Connection& c) { return Insert(c, i, names[i]); })
            .ok());
  }
  for (int i = 0; i < 4; ++i) {
    std::string body;
    ASSERT_TRUE(
        pool_
            ->Run([&](sql::Connection& c) {
              std::unique_ptr<sql::PreparedStatement> q(
                  c.prepareStatement("SELECT body FROM notes WHERE id = ?"));
              q->setInt(1, i);
              std::unique_ptr<sql::ResultSet> r(q->executeQuery());
              if (r->next()) body = r->getString(1);
              return absl::OkStatus();
            })
            .ok());
    EXPECT_EQ(body, names[i]);
  }
  EXPECT_EQ(*CountRows(*pool_), 4);
}

TEST_F(ConnectionPoolTest, TransactionCommitsOnOkAndRollsBackOnError) {
  ASSERT_TRUE(pool_
                  ->InTransaction([&](sql::Connection& c) {
                    absl::Status s = Insert(c, 1, "a");
                    if (!s.ok()) return s;
                    return Insert(c, 2, "b");
                  })
                  .ok());
  absl::Status failed = pool_->InTransaction([&](sql::Connection& c) {
    (void)Insert(c, 3, "c");
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*CountRows(*pool_), 2);
}

TEST_F(ConnectionPoolTest, DuplicateKeyIsAlreadyExistsAndNothingPartialStays) {
  absl::Status s = pool_->InTransaction([&](sql::Connection& c) {
    (void)Insert(c, 10, "first");
    return Insert(c, 10, "again");  // throws 1062
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(*CountRows(*pool_), 0);
}

TEST_F(ConnectionPoolTest, StrictModeRefusesOversizedValues) {
  absl::Status s = pool_->Run(
      [&](sql::Connection& c) { return Insert(c, 1, std::string(101, 'x')); });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(*CountRows(*pool_), 0);
}

TEST_F(ConnectionPoolTest, ConnectionsAreReusedUpToThePoolSize) {
  // More sequential work than connections: leases must come back.
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(
        pool_->Run([&](sql::Connection& c) { return Insert(c, i, "x"); }).ok());
  }
  EXPECT_EQ(*CountRows(*pool_), 50);
}

TEST_F(ConnectionPoolTest, AThrowingTransactionLeavesNoOpenTransactionBehind) {
  absl::Status s =
      pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
        (void)Insert(c, 1, "half done");
        throw std::runtime_error("bug in the caller");
      });
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  // The next user of the pool sees autocommit and nothing of the row.
  EXPECT_TRUE(
      pool_->Run([&](sql::Connection& c) { return Insert(c, 2, "x"); }).ok());
  EXPECT_EQ(*CountRows(*pool_), 1);
}

// A statement run with RunPrepared is prepared once per connection, and
// prepared again on the connection that replaces a lost one.
class PreparedStatementTest : public ConnectionPoolTest {
 protected:
  void SetUp() override {
    ConnectionPoolTest::SetUp();
    DbOptions one = db_->options();
    one.pool_size = 1;  // every call on the same connection
    // Lent again without a ping, however slow the machine.
    one.trust_recent_connection = absl::Hours(1);
    auto pool = ConnectionPool::Create(one);
    ASSERT_TRUE(pool.ok()) << pool.status();
    single_ = *std::move(pool);
  }

  absl::StatusOr<int64_t> PlusOne(int64_t n) {
    int64_t sum = -1;
    absl::Status s = single_->RunPrepared(
        "SELECT ? + 1", [&](sql::PreparedStatement& select) {
          select.setInt64(1, n);
          std::unique_ptr<sql::ResultSet> r(select.executeQuery());
          r->next();
          sum = r->getInt64(1);
          return absl::OkStatus();
        });
    if (!s.ok()) return s;
    return sum;
  }

  // A session counter of the single connection (SHOW SESSION STATUS).
  int64_t Session(const std::string& name, int64_t* connection_id = nullptr) {
    int64_t value = -1;
    EXPECT_TRUE(single_
                    ->Run([&](sql::Connection& c) {
                      std::unique_ptr<sql::Statement> s(c.createStatement());
                      std::unique_ptr<sql::ResultSet> r(s->executeQuery(
                          "SHOW SESSION STATUS LIKE '" + name + "'"));
                      if (r->next()) value = r->getInt64(2);
                      r.reset(s->executeQuery("SELECT CONNECTION_ID()"));
                      r->next();
                      if (connection_id) *connection_id = r->getInt64(1);
                      return absl::OkStatus();
                    })
                    .ok());
    return value;
  }

  std::unique_ptr<ConnectionPool> single_;
};

TEST_F(PreparedStatementTest, ATextIsPreparedOncePerConnection) {
  const int64_t before = Session("Com_stmt_prepare");
  for (int i = 0; i < 50; ++i) {
    absl::StatusOr<int64_t> sum = PlusOne(i);
    ASSERT_TRUE(sum.ok()) << sum.status();
    EXPECT_EQ(*sum, i + 1);
  }
  EXPECT_EQ(Session("Com_stmt_prepare") - before, 1);
  EXPECT_EQ(Session("Com_stmt_execute"), 50);
}

TEST_F(PreparedStatementTest, ALostConnectionsStatementIsPreparedAgain) {
  ASSERT_TRUE(PlusOne(1).ok());
  int64_t id = -1;
  Session("Com_stmt_prepare", &id);
  ASSERT_TRUE(pool_
                  ->Run([&](sql::Connection& c) {
                    return Execute(c, absl::StrCat("KILL CONNECTION ", id));
                  })
                  .ok());
  // Lent again without a ping (trust_recent_connection), the dead
  // connection fails the call as the server going away would, and is
  // dropped with its statement.
  EXPECT_EQ(PlusOne(2).status().code(), absl::StatusCode::kUnavailable);
  absl::StatusOr<int64_t> after = PlusOne(2);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, 3);
  int64_t new_id = -1;
  EXPECT_EQ(Session("Com_stmt_prepare", &new_id), 1);
  EXPECT_NE(new_id, id);
}

TEST(ConnectionPoolCreateTest, UnreachableServerIsUnavailable) {
  DbOptions options;
  options.port = testing::PickFreePort();  // nothing listens there
  options.user = "nobody";
  options.connect_timeout = absl::Seconds(2);
  auto pool = ConnectionPool::Create(options);
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable);
}

// Needs its own server to restart it.
TEST(ConnectionPoolRestartTest, NextCallAfterServerRestartSucceeds) {
  auto server = testing::MariaDbServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  DbOptions options = (*server)->AdminOptions();
  options.pool_size = 2;
  auto pool = ConnectionPool::Create(options);
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto select_one = [&] {
    return (*pool)->Run([](sql::Connection& c) {
      std::unique_ptr<sql::ResultSet>(
          std::unique_ptr<sql::Statement>(c.createStatement())
              ->executeQuery("SELECT 1"));
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(select_one().ok());

  ASSERT_TRUE((*server)->Stop().ok());
  EXPECT_EQ(select_one().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE((*server)->Restart().ok());

  absl::Status after = select_one();
  EXPECT_TRUE(after.ok()) << after;
}

}  // namespace
}  // namespace unioncard::db
