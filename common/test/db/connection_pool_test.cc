// Against a real MariaDB (see common/testing/mariadb_server.h).
#include "common/db/connection_pool.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

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
