#include "card-svc/src/store/card_rows.h"

#include "card-svc/src/store/card_columns.h"
#include "common/db/row.h"
#include "common/time/china_time.h"

namespace unioncard::card {

CardRecord ReadCard(const sql::ResultSet& result) {
  const db::Row r(result);
  CardRecord c;
  c.id = r.Int64("id");
  c.member_id = r.Int64("member_id");
  c.county_id = r.String("county_id");
  c.org_id = r.String("org_id");
  c.lifecycle.state = r.Enum("state", kCardStateColumn);
  c.lifecycle.before_freeze = r.Enum("before_freeze", kCardStateColumn);
  c.replaces_card_id = r.OptionalInt64("replaces_card_id");
  c.bank_token = r.OptionalString("bank_token").value_or("");
  c.last4 = r.OptionalString("last4").value_or("");
  c.expiry = r.OptionalString("expiry").value_or("");
  c.issued_county_id = r.OptionalString("issued_county_id").value_or("");
  c.issued_at = r.OptionalTime("issued_at");
  c.activated_at = r.OptionalTime("activated_at");
  c.note = r.String("note");
  return c;
}

CardFacts ReadFacts(const sql::ResultSet& result) {
  const db::Row r(result);
  const absl::TimeZone china = ChinaTime();
  CardFacts f;
  f.card_id = r.Int64("id");
  f.replaces_card_id = r.OptionalInt64("replaces_card_id");
  f.state = r.Enum("state", kCardStateColumn);
  if (auto t = r.OptionalTime("issued_at")) {
    f.issued_on = absl::ToCivilDay(*t, china);
  }
  if (auto t = r.OptionalTime("ended_at")) {
    f.ended_on = absl::ToCivilDay(*t, china);
  }
  return f;
}

}  // namespace unioncard::card
