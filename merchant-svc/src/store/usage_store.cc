#include "merchant-svc/src/store/usage_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"
#include "common/time/china_time.h"

namespace unioncard::merchant {
namespace {

Usage ReadUsage(const db::Row& r) {
  return {r.Int64("transactions"), r.Int64("spend_fen"), r.Int64("members")};
}

}  // namespace

absl::StatusOr<bool> UsageStore::Record(const std::string& bank_transaction_id,
                                        int64_t merchant_id, int64_t member_id,
                                        int64_t amount_fen, absl::Time at) {
  bool stored = false;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT IGNORE INTO merchant_transactions (bank_transaction_id, "
        "merchant_id, member_id, amount_fen, month, at) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    insert->setString(1, bank_transaction_id);
    insert->setInt64(2, merchant_id);
    insert->setInt64(3, member_id);
    insert->setInt64(4, amount_fen);
    insert->setString(5, absl::FormatCivilTime(absl::CivilMonth(
                             absl::ToCivilDay(at, ChinaTime()))));
    insert->setString(6, db::FormatSqlTimestamp(at));
    stored = insert->executeUpdate() == 1;
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<Usage> UsageStore::OfMerchant(int64_t merchant_id,
                                             absl::CivilMonth month) {
  Usage usage;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT COUNT(*) AS transactions, "
        "COALESCE(SUM(amount_fen), 0) AS spend_fen, "
        "COUNT(DISTINCT member_id) AS members FROM merchant_transactions "
        "WHERE merchant_id = ? AND month = ?"));
    select->setInt64(1, merchant_id);
    select->setString(2, absl::FormatCivilTime(month));
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    r->next();
    usage = ReadUsage(db::Row(*r));
    return absl::OkStatus();
  }));
  return usage;
}

absl::StatusOr<std::map<int, Usage>> UsageStore::ByCategory(
    const std::string& owner_org_id, absl::CivilMonth month) {
  std::map<int, Usage> usage;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT m.category, COUNT(*) AS transactions, "
        "SUM(t.amount_fen) AS spend_fen, "
        "COUNT(DISTINCT t.member_id) AS members FROM merchant_transactions t "
        "JOIN merchants m ON m.id = t.merchant_id "
        "WHERE m.owner_org_id = ? AND t.month = ? GROUP BY m.category"));
    select->setString(1, owner_org_id);
    select->setString(2, absl::FormatCivilTime(month));
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) {
      const db::Row row(*r);
      usage[row.Int("category")] = ReadUsage(row);
    }
    return absl::OkStatus();
  }));
  return usage;
}

}  // namespace unioncard::merchant
