// The shared change-recording tables: request ledger, audit log, outbox.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <thread>

#include "common/db/audit_log.h"
#include "common/db/event_outbox.h"
#include "common/db/idempotency.h"
#include "common/log/request_id.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::db {
namespace {

class ChangeRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    pool_ = *ConnectionPool::Create(db_->options());
    ASSERT_TRUE(
        ApplyMigrations(*pool_, {AuditLogMigration(1), IdempotencyMigration(2),
                                 outbox_.CreateTablesMigration(3)})
            .ok());
  }
  int64_t Count(const std::string& from) {
    return testing::CountRows(*pool_, from);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<ConnectionPool> pool_;
  EventOutbox outbox_{"test_events"};
};

TEST_F(ChangeRecordsTest, AuditLogIsAppendOnlyAndCarriesTheRequestId) {
  log::RequestIdScope scope("req-audit-1");
  ASSERT_TRUE(pool_
                  ->InTransaction([](sql::Connection& c) {
                    return AppendAudit(c, {{"clerk",
                                            "county_staff",
                                            "member.update",
                                            "member",
                                            "17",
                                            {{"fields", {"mobile"}}}},
                                           {"clerk",
                                            "county_staff",
                                            "member.reveal",
                                            "member",
                                            "17",
                                            {}}});
                  })
                  .ok());
  EXPECT_EQ(Count("audit_log WHERE request_id = 'req-audit-1'"), 2);
  for (const char* tamper : {"UPDATE audit_log SET actor = 'someone else'",
                             "DELETE FROM audit_log"}) {
    absl::Status s = pool_->Run([&](sql::Connection& c) {
      std::unique_ptr<sql::Statement>(c.createStatement())->execute(tamper);
      return absl::OkStatus();
    });
    EXPECT_FALSE(s.ok()) << tamper;
  }
  EXPECT_EQ(Count("audit_log WHERE actor = 'clerk'"), 2);
}

TEST_F(ChangeRecordsTest, LedgerReturnsTheFirstAnswerAndRejectsReuse) {
  auto claim = [&](const std::string& method, const std::string& caller)
      -> absl::StatusOr<std::optional<std::string>> {
    std::optional<std::string> earlier;
    absl::Status s =
        pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
          auto r = RequestLedger::Claim(c, "req-1", method, caller);
          if (!r.ok()) return r.status();
          earlier = *r;
          if (!earlier.has_value())
            return RequestLedger::Complete(c, "req-1", "42");
          return absl::OkStatus();
        });
    if (!s.ok()) return s;
    return earlier;
  };
  auto first = claim("Register", "alice");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
  auto retry = claim("Register", "alice");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->value_or(""), "42");
  EXPECT_EQ(claim("Transfer", "alice").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(claim("Register", "bob").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateRequestId("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateRequestId("has space").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RequestIdOrNew("").value().size(), 32u);
}

TEST_F(ChangeRecordsTest, RolledBackClaimLeavesTheIdFree) {
  absl::Status failed =
      pool_->InTransaction([](sql::Connection& c) -> absl::Status {
        auto r = RequestLedger::Claim(c, "req-2", "Register", "alice");
        if (!r.ok()) return r.status();
        return absl::FailedPreconditionError("the change itself was refused");
      });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("request_ledger"), 0);
}

TEST_F(ChangeRecordsTest, ConcurrentWritersGetGapFreeOrderedSequences) {
  constexpr int kWriters = 4, kBatches = 10, kPerBatch = 5;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<OutboxEvent> events(kPerBatch);
        for (auto& e : events) {
          e.type = 1;
          e.aggregate_id = w;
          e.payload = std::string("\0\x01payload", 9);
        }
        ASSERT_TRUE(pool_
                        ->InTransaction([&](sql::Connection& c) {
                          return outbox_.Append(c, events);
                        })
                        .ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  auto events = outbox_.ReadAfter(*pool_, 0, 1000);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(),
            static_cast<size_t>(kWriters * kBatches * kPerBatch));
  for (size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].sequence, static_cast<int64_t>(i) + 1);
    EXPECT_EQ((*events)[i].payload, std::string("\0\x01payload", 9));
  }
  auto tail = outbox_.ReadAfter(*pool_, 195, 10);
  ASSERT_EQ(tail->size(), 5u);
  EXPECT_EQ(tail->front().sequence, 196);
}

}  // namespace
}  // namespace unioncard::db
