#ifndef UNIONCARD_CARD_SVC_TEST_CARD_TEST_DATABASE_H_
#define UNIONCARD_CARD_SVC_TEST_CARD_TEST_DATABASE_H_

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/store/card_schema.h"
#include "card-svc/src/store/card_store.h"
#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"

namespace unioncard::card::testing {

// card-svc's schema on a fresh test database, and a CardStore over it.
class CardTestDatabase {
 public:
  absl::Status Open() {
    auto db = unioncard::testing::TestDatabase::Create();
    if (!db.ok()) return db.status();
    db_ = *std::move(db);
    auto pool = db::ConnectionPool::Create(db_->options());
    if (!pool.ok()) return pool.status();
    pool_ = *std::move(pool);
    auto applied = db::ApplyMigrations(*pool_, CardSchema());
    if (!applied.ok()) return applied.status();
    cards_ = std::make_unique<CardStore>(pool_.get(), &CardEventOutbox(),
                                         &CardEventEncoder::Get(),
                                         [this] { return clock_(); });
    return absl::OkStatus();
  }

  // The callers store tests write as: a county clerk and the bank.
  static auth::Principal Clerk() {
    auth::Principal clerk;
    clerk.subject = "county-clerk";
    clerk.role = auth::Role::kCountyStaff;
    return clerk;
  }
  static auth::Principal Bank() {
    auth::Principal bank;
    bank.subject = "bank";
    bank.role = auth::Role::kPartnerBank;
    return bank;
  }

  // The store's clock (requests, moves, replacements); absl::Now unless set.
  void SetClock(std::function<absl::Time()> clock) {
    clock_ = std::move(clock);
  }

  db::ConnectionPool& pool() { return *pool_; }
  const db::DbOptions& options() const { return db_->options(); }
  CardStore& cards() { return *cards_; }
  int64_t Count(const std::string& from_where) {
    return unioncard::testing::CountRows(*pool_, from_where);
  }

 private:
  std::unique_ptr<unioncard::testing::TestDatabase> db_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<CardStore> cards_;
  std::function<absl::Time()> clock_ = absl::Now;
};

}  // namespace unioncard::card::testing

#endif  // UNIONCARD_CARD_SVC_TEST_CARD_TEST_DATABASE_H_
