#include "card-svc/src/store/transaction_store.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "card-svc/src/store/card_columns.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/select_in.h"
#include "common/db/sql_query.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr int kDuplicateKey = 1062;  // ER_DUP_ENTRY

struct CardOfToken {
  int64_t card_id = 0;
  int64_t member_id = 0;
  std::string county_id;
  std::string org_id;
};

absl::Status Check(const BankTransaction& t) {
  if (t.bank_transaction_id.empty() || t.bank_transaction_id.size() > 64) {
    return absl::InvalidArgumentError(
        "bank_transaction_id must be 1 to 64 characters");
  }
  // The table's collation ignores trailing spaces, so "t1 " would repeat
  // "t1" there but not here.
  if (absl::StripAsciiWhitespace(t.bank_transaction_id) !=
      t.bank_transaction_id) {
    return absl::InvalidArgumentError(
        "bank_transaction_id must not begin or end with a space");
  }
  if (t.amount_fen <= 0) {
    return absl::InvalidArgumentError("amount_fen must be more than 0");
  }
  if (t.bank_merchant_id.empty() || t.bank_merchant_id.size() > 64) {
    return absl::InvalidArgumentError(
        "bank_merchant_id must be 1 to 64 characters");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<absl::Status>> TransactionStore::Ingest(
    const std::vector<BankTransaction>& transactions) {
  std::vector<absl::Status> results(transactions.size());
  if (transactions.empty()) return results;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::set<std::string> tokens;
    for (const BankTransaction& t : transactions) tokens.insert(t.bank_token);
    std::map<std::string, CardOfToken> cards;
    db::SelectIn<std::string>(
        c,
        "SELECT bank_token, id, member_id, county_id, org_id FROM cards "
        "WHERE bank_token",
        {tokens.begin(), tokens.end()}, "", [&](sql::ResultSet& row) {
          const db::Row card(row);
          cards[card.String("bank_token")] = {
              card.Int64("id"), card.Int64("member_id"),
              card.String("county_id"), card.String("org_id")};
        });

    // Which to store, given the ids stored before; the rest get their
    // answer in `results`.
    auto decide = [&](const std::set<std::string>& stored_before) {
      std::set<std::string> taken = stored_before;
      std::vector<size_t> fresh;
      for (size_t i = 0; i < transactions.size(); ++i) {
        const BankTransaction& t = transactions[i];
        results[i] = Check(t);
        if (!results[i].ok()) continue;
        if (taken.count(t.bank_transaction_id) > 0) {
          results[i] = absl::AlreadyExistsError("stored before");
        } else if (cards.count(t.bank_token) == 0) {
          results[i] = absl::FailedPreconditionError(
              "no card of card-svc has this bank token");
        } else {
          taken.insert(t.bank_transaction_id);  // a repeat within the call
          fresh.push_back(i);
        }
      }
      // Written in id order, so two pages that share transactions lock
      // them in the same order and mostly queue rather than deadlock (the
      // locking read of repeats below takes gap locks, so a deadlock is
      // still possible there: the page is rerun, and after three losses
      // the bank resends it).
      std::sort(fresh.begin(), fresh.end(), [&](size_t a, size_t b) {
        return transactions[a].bank_transaction_id <
               transactions[b].bank_transaction_id;
      });
      return fresh;
    };
    db::MultiRowInsert insert(
        "INSERT INTO card_transactions (bank_transaction_id, card_id, "
        "member_id, county_id, org_id, bank_merchant_id, amount_fen, at) "
        "VALUES ",
        8);
    auto store = [&](const std::vector<size_t>& fresh) {
      return insert.Run(c, fresh.size(),
                        [&](sql::PreparedStatement& s, size_t k, int col) {
                          const BankTransaction& t = transactions[fresh[k]];
                          const CardOfToken& card = cards[t.bank_token];
                          s.setString(col++, t.bank_transaction_id);
                          s.setInt64(col++, card.card_id);
                          s.setInt64(col++, card.member_id);
                          s.setString(col++, card.county_id);
                          s.setString(col++, card.org_id);
                          s.setString(col++, t.bank_merchant_id);
                          s.setInt64(col++, t.amount_fen);
                          s.setString(col++, db::FormatSqlTimestamp(t.at));
                        });
    };

    // A bank resends only what it was not told was stored, so repeats are
    // rare: the page is written as if none were stored before, and only
    // when the unique key refuses one is it looked up which were — with a
    // locking read, which sees a page another call committed meanwhile.
    std::vector<size_t> fresh = decide({});
    if (fresh.empty()) return absl::OkStatus();
    std::unique_ptr<sql::Statement> savepoint(c.createStatement());
    savepoint->execute("SAVEPOINT page");
    try {
      RETURN_IF_ERROR(store(fresh));
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() != kDuplicateKey) throw;
      savepoint->execute("ROLLBACK TO SAVEPOINT page");
      std::vector<std::string> ids;
      for (size_t i : fresh) ids.push_back(transactions[i].bank_transaction_id);
      std::set<std::string> stored;
      db::SelectIn<std::string>(
          c,
          "SELECT bank_transaction_id FROM card_transactions "
          "WHERE bank_transaction_id",
          ids, " LOCK IN SHARE MODE", [&](sql::ResultSet& row) {
            stored.insert(db::Row(row).String("bank_transaction_id"));
          });
      fresh = decide(stored);
      if (fresh.empty()) return absl::OkStatus();
      RETURN_IF_ERROR(store(fresh));
    }
    std::vector<db::OutboxEvent> events;
    events.reserve(fresh.size());
    for (size_t i : fresh) {
      const BankTransaction& t = transactions[i];
      const CardOfToken& card = cards[t.bank_token];
      StoredTransaction stored_transaction{
          0, card.card_id, card.member_id, card.county_id, card.org_id, t};
      events.push_back({0, kTransactionEventType, card.card_id,
                        encoder_->TransactionStored(stored_transaction)});
    }
    return outbox_->Append(c, events);
  }));
  return results;
}

absl::StatusOr<std::vector<StoredTransaction>> TransactionStore::List(
    const TransactionFilter& filter, int64_t after_id, int limit) {
  std::vector<StoredTransaction> found;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    db::SqlQuery query(
        "SELECT id, card_id, member_id, county_id, org_id, "
        "bank_transaction_id, bank_merchant_id, amount_fen, at "
        "FROM card_transactions WHERE id > ?",
        {after_id});
    if (!filter.county_id.empty()) {
      query.And("county_id = ?", {filter.county_id});
    }
    if (!filter.org_id.empty()) query.And("org_id = ?", {filter.org_id});
    if (filter.member_id > 0) query.And("member_id = ?", {filter.member_id});
    if (!filter.bank_merchant_id.empty()) {
      query.And("bank_merchant_id = ?", {filter.bank_merchant_id});
    }
    if (filter.from) {
      query.And("at >= ?", {db::FormatSqlTimestamp(*filter.from)});
    }
    if (filter.to) query.And("at < ?", {db::FormatSqlTimestamp(*filter.to)});
    query.Append(" ORDER BY id LIMIT ?", {int64_t{limit}});
    std::unique_ptr<sql::PreparedStatement> select = query.Prepare(c);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      StoredTransaction t;
      t.id = row.Int64("id");
      t.card_id = row.Int64("card_id");
      t.member_id = row.Int64("member_id");
      t.county_id = row.String("county_id");
      t.org_id = row.String("org_id");
      t.bank.bank_transaction_id = row.String("bank_transaction_id");
      t.bank.bank_merchant_id = row.String("bank_merchant_id");
      t.bank.amount_fen = row.Int64("amount_fen");
      t.bank.at = row.Time("at");
      found.push_back(std::move(t));
    }
    return absl::OkStatus();
  }));
  return found;
}

}  // namespace unioncard::card
