#include "card-svc/src/store/card_rows.h"

#include "common/db/sql_types.h"
#include "common/time/china_time.h"

namespace unioncard::card {

CardRecord ReadCard(sql::ResultSet& r) {
  CardRecord c;
  c.id = r.getInt64(1);
  c.member_id = r.getInt64(2);
  c.county_id = r.getString(3);
  c.org_id = r.getString(4);
  c.lifecycle.state = static_cast<CardState>(r.getInt(5));
  c.lifecycle.before_freeze = static_cast<CardState>(r.getInt(6));
  if (!r.isNull(7)) c.replaces_card_id = r.getInt64(7);
  c.bank_token = r.getString(8);
  c.last4 = r.getString(9);
  c.expiry = r.getString(10);
  c.issued_county_id = r.getString(11);
  c.issued_at = db::OptionalSqlTimestamp(r, 12);
  c.activated_at = db::OptionalSqlTimestamp(r, 13);
  c.note = r.getString(14);
  return c;
}

CardFacts ReadFacts(sql::ResultSet& r) {
  const absl::TimeZone china = ChinaTime();
  CardFacts f;
  f.card_id = r.getInt64(2);
  if (!r.isNull(3)) f.replaces_card_id = r.getInt64(3);
  f.state = static_cast<CardState>(r.getInt(4));
  if (auto t = db::OptionalSqlTimestamp(r, 5)) {
    f.issued_on = absl::ToCivilDay(*t, china);
  }
  if (auto t = db::OptionalSqlTimestamp(r, 6)) {
    f.ended_on = absl::ToCivilDay(*t, china);
  }
  return f;
}

}  // namespace unioncard::card
