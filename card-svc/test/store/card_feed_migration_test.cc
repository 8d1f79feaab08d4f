// Migration 15 against a real MariaDB: card changes stored while
// CardEvent.Kind's card change was value 0 (left out of the bytes) read as
// KIND_CARD_CHANGED after it, and a stored transaction stays one.
#include <algorithm>

#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/store/card_columns.h"
#include "card-svc/src/store/card_schema.h"
#include "card-svc/src/store/card_store.h"
#include "card/v1/card_events.pb.h"
#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

constexpr int kKindMigration = 15;

TEST(CardFeedMigrationTest, CardChangesStoredAsKindZeroBecomeCardChanged) {
  auto db = unioncard::testing::TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status();
  auto pool = db::ConnectionPool::Create((*db)->options());
  ASSERT_TRUE(pool.ok()) << pool.status();

  std::vector<db::Migration> before = CardSchema();
  before.erase(std::remove_if(before.begin(), before.end(),
                              [](const db::Migration& m) {
                                return m.version >= kKindMigration;
                              }),
               before.end());
  ASSERT_TRUE(db::ApplyMigrations(**pool, before).ok());

  // As the encoder wrote them before: a card change with no kind field,
  // and a transaction with kind 1.
  v1::CardEvent change;
  change.set_card_id(7);
  change.set_state(v1::CARD_STATE_ACTIVATED);
  change.set_previous_state(v1::CARD_STATE_ISSUED);
  v1::CardEvent transaction;
  transaction.set_kind(v1::CardEvent::KIND_TRANSACTION);
  transaction.set_card_id(7);
  transaction.mutable_transaction()->set_amount_fen(1234);
  std::vector<db::OutboxEvent> old_events = {
      {0, kCardStateColumn.Encode(CardState::kActivated), 7,
       change.SerializeAsString()},
      {0, kTransactionEventType, 7, transaction.SerializeAsString()}};
  ASSERT_TRUE((*pool)
                  ->InTransaction([&](sql::Connection& c) {
                    return CardEventOutbox().Append(c, old_events);
                  })
                  .ok());

  auto applied = db::ApplyMigrations(**pool, CardSchema());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_GE(*applied, 1);

  auto stored = CardEventOutbox().ReadAfter(**pool, 0, 10);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 2u);
  v1::CardEvent read_change;
  ASSERT_TRUE(read_change.ParseFromString((*stored)[0].payload));
  EXPECT_EQ(read_change.kind(), v1::CardEvent::KIND_CARD_CHANGED);
  EXPECT_EQ(read_change.card_id(), 7);
  EXPECT_EQ(read_change.state(), v1::CARD_STATE_ACTIVATED);
  EXPECT_EQ(read_change.previous_state(), v1::CARD_STATE_ISSUED);
  v1::CardEvent read_transaction;
  ASSERT_TRUE(read_transaction.ParseFromString((*stored)[1].payload));
  EXPECT_EQ(read_transaction.kind(), v1::CardEvent::KIND_TRANSACTION);
  EXPECT_EQ(read_transaction.transaction().amount_fen(), 1234);
}

TEST(CardFeedMigrationTest, NewCardChangesCarryTheirKind) {
  CardRecord card;
  card.id = 9;
  card.lifecycle.state = CardState::kRequested;
  v1::CardEvent event;
  ASSERT_TRUE(event.ParseFromString(CardEventEncoder::Get().CardChanged(
      card, std::nullopt, absl::FromUnixSeconds(1700000000))));
  EXPECT_EQ(event.kind(), v1::CardEvent::KIND_CARD_CHANGED);
  EXPECT_EQ(event.state(), v1::CARD_STATE_REQUESTED);
}

}  // namespace
}  // namespace unioncard::card
