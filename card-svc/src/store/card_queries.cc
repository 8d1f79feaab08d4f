#include "card-svc/src/store/card_queries.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "card-svc/src/store/card_columns.h"
#include "card-svc/src/store/card_rows.h"
#include "common/db/row.h"
#include "common/db/sql_query.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<std::vector<CardRecord>> CardQueries::List(
    const CardListFilter& filter, int64_t after_id, int limit) {
  std::vector<CardRecord> cards;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    db::SqlQuery query(
        absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE id > ?"),
        {after_id});
    if (!filter.county_id.empty()) {
      query.And("county_id = ?", {filter.county_id});
    }
    if (!filter.org_id.empty()) query.And("org_id = ?", {filter.org_id});
    if (filter.state.has_value()) {
      query.And("state = ?", {int64_t{kCardStateColumn.Encode(*filter.state)}});
    }
    query.Append(" ORDER BY id LIMIT ?", {int64_t{limit}});
    std::unique_ptr<sql::PreparedStatement> select = query.Prepare(c);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) cards.push_back(ReadCard(*rows));
    return absl::OkStatus();
  }));
  return cards;
}

absl::StatusOr<std::vector<CardChangeRecord>> CardQueries::History(
    int64_t card_id) {
  std::vector<CardChangeRecord> changes;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT from_state, to_state, at, reason FROM card_history "
        "WHERE card_id = ? ORDER BY id"));
    select->setInt64(1, card_id);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      CardChangeRecord change;
      const db::Row row(*rows);
      change.from = row.OptionalEnum("from_state", kCardStateColumn);
      change.to = row.Enum("to_state", kCardStateColumn);
      change.at = row.Time("at");
      change.reason = row.String("reason");
      changes.push_back(std::move(change));
    }
    return absl::OkStatus();
  }));
  return changes;
}

absl::StatusOr<std::map<std::string, CountyCardCounts>>
CardQueries::CountsOnDay(absl::CivilDay day) {
  std::map<std::string, CountyCardCounts> counts;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    // A member holds at most one issued, unended card at a time (one live
    // card; a replacement is issued after the lost card ends), so the
    // counted cards are the members holding one.
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT county_id, SUM(activated) AS activated, SUM(live) AS live "
        "FROM card_day_counts "
        "WHERE day <= ? GROUP BY county_id"));
    select->setString(1, absl::FormatCivilTime(day));
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      // A county whose cards all moved away keeps rows summing to 0.
      const db::Row row(*rows);
      if (row.Int64("activated") == 0 && row.Int64("live") == 0) continue;
      CountyCardCounts& county = counts[row.String("county_id")];
      county.activated = row.Int64("activated");
      county.live = row.Int64("live");
    }
    return absl::OkStatus();
  }));
  return counts;
}

absl::StatusOr<StoredRoster> CardQueries::Roster(absl::CivilMonth month) {
  const std::string last = db::FormatSqlDate(absl::CivilDay(month + 1) - 1);
  const std::string before = db::FormatSqlDate(absl::CivilDay(month) - 1);
  StoredRoster roster;
  // One transaction: the three reads see one snapshot, so a page committed
  // meanwhile cannot make the count and the lists disagree.
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) {
    roster = StoredRoster();
    std::unique_ptr<sql::PreparedStatement> insured(c.prepareStatement(
        "SELECT COALESCE(SUM(covered), 0) AS insured FROM coverage_day_counts "
        "WHERE day <= ?"));
    insured->setString(1, last);
    std::unique_ptr<sql::ResultSet> rows(insured->executeQuery());
    if (rows->next()) roster.insured = db::Row(*rows).Int64("insured");
    // A member's spans neither overlap nor touch, so one covered on `last`
    // and not on `before` has a span starting between them, and the
    // reverse one ending between them.
    constexpr char kCoveredOn[] =
        "EXISTS (SELECT 1 FROM coverage_spans o WHERE o.member_id = "
        "s.member_id AND o.from_day <= ? AND (o.through_day IS NULL OR "
        "o.through_day >= ?))";
    auto ids = [&](const std::string& sql, const std::vector<std::string>& days,
                   std::vector<int64_t>& out) {
      std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(sql));
      for (size_t i = 0; i < days.size(); ++i) {
        select->setString(static_cast<int>(i + 1), days[i]);
      }
      std::unique_ptr<sql::ResultSet> r(select->executeQuery());
      while (r->next()) out.push_back(db::Row(*r).Int64("member_id"));
    };
    ids(absl::StrCat("SELECT s.member_id FROM coverage_spans s WHERE "
                     "s.from_day > ? AND s.from_day <= ? AND "
                     "(s.through_day IS NULL OR s.through_day >= ?) AND NOT ",
                     kCoveredOn, " ORDER BY s.member_id"),
        {before, last, last, before, before}, roster.additions);
    ids(absl::StrCat("SELECT s.member_id FROM coverage_spans s WHERE "
                     "s.through_day >= ? AND s.through_day < ? AND "
                     "s.from_day <= ? AND NOT ",
                     kCoveredOn, " ORDER BY s.member_id"),
        {before, last, before, last, last}, roster.removals);
    return absl::OkStatus();
  }));
  return roster;
}

absl::StatusOr<std::vector<DormantUnionCards>> CardQueries::Dormant(
    const CardListFilter& filter, bool never_used, absl::Time issued_before,
    int max_members) {
  std::vector<DormantUnionCards> unions;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    // Never used: activated, and no transaction since. Never activated:
    // issued before the cut-off and still not activated.
    db::SqlQuery query(
        "SELECT county_id, org_id, member_id FROM cards c WHERE state = ?",
        {int64_t{kCardStateColumn.Encode(never_used ? CardState::kActivated
                                                    : CardState::kIssued)}});
    if (never_used) {
      query.And(
          "NOT EXISTS (SELECT 1 FROM card_transactions t "
          "WHERE t.card_id = c.id)");
    } else {
      query.And("activated_at IS NULL AND issued_at < ?",
                {db::FormatSqlTimestamp(issued_before)});
    }
    if (!filter.county_id.empty()) {
      query.And("county_id = ?", {filter.county_id});
    }
    if (!filter.org_id.empty()) query.And("org_id = ?", {filter.org_id});
    query.Append(" ORDER BY county_id, org_id, member_id");
    std::unique_ptr<sql::PreparedStatement> select = query.Prepare(c);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      const std::string county = row.String("county_id");
      const std::string org = row.String("org_id");
      if (unions.empty() || unions.back().org_id != org ||
          unions.back().county_id != county) {
        unions.push_back({county, org, 0, {}});
      }
      DormantUnionCards& u = unions.back();
      ++u.cards;
      if (static_cast<int>(u.member_ids.size()) < max_members) {
        u.member_ids.push_back(row.Int64("member_id"));
      }
    }
    return absl::OkStatus();
  }));
  return unions;
}

}  // namespace unioncard::card
