#include "merchant-svc/src/store/merchant_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/row.h"
#include "common/db/sql_query.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"
#include "merchant-svc/src/store/merchant_columns.h"
#include "nlohmann/json.hpp"

namespace unioncard::merchant {
namespace {

constexpr char kMerchantColumns[] =
    "id, owner_org_id, owner_path, name, licence_number, category, "
    "locations, contact, contract_from, contract_to, terms, state, standing, "
    "created_at";

std::vector<std::string> JsonStrings(const std::string& json) {
  std::vector<std::string> strings;
  for (const auto& s : nlohmann::json::parse(json)) {
    strings.push_back(s.get<std::string>());
  }
  return strings;
}

MerchantRecord ReadMerchant(const db::Row& r) {
  MerchantRecord m;
  m.id = r.Int64("id");
  m.owner_org_id = r.String("owner_org_id");
  m.owner_path = r.String("owner_path");
  m.name = r.String("name");
  m.licence_number = r.String("licence_number");
  m.category = r.Int("category");
  m.locations = JsonStrings(r.String("locations"));
  m.contact = r.String("contact");
  m.contract_from = r.Day("contract_from");
  m.contract_to = r.Day("contract_to");
  m.terms = r.String("terms");
  m.state = r.Enum("state", kContractStateColumn);
  m.standing = r.Enum("standing", kStandingColumn);
  m.created_at = r.Time("created_at");
  return m;
}

OfferRecord ReadOffer(const db::Row& r) {
  OfferRecord o;
  o.id = r.Int64("id");
  o.merchant_id = r.Int64("merchant_id");
  o.title = r.String("title");
  o.kind = r.Int("kind");
  o.discount_percent = r.Int("discount_percent");
  o.price_fen = r.Int64("price_fen");
  o.category = r.Int("category");
  o.valid_from = r.Day("valid_from");
  o.valid_to = r.Day("valid_to");
  o.conditions = r.String("conditions");
  o.merchant_name = r.String("merchant_name");
  o.merchant_locations = JsonStrings(r.String("merchant_locations"));
  o.merchant_ratings = r.Int("merchant_ratings");
  o.merchant_rating = r.Double("merchant_rating");
  return o;
}

ServiceItemRecord ReadServiceItem(const db::Row& r) {
  ServiceItemRecord item;
  item.id = r.Int64("id");
  item.owner_org_id = r.String("owner_org_id");
  item.kind = r.Int("kind");
  item.title = r.String("title");
  item.category = r.Int("category");
  item.active_from = r.Day("active_from");
  item.active_to = r.OptionalDay("active_to");
  item.how_to_use = r.String("how_to_use");
  return item;
}

std::optional<MerchantRecord> SelectMerchant(sql::Connection& c, int64_t id,
                                             bool for_update) {
  std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
      absl::StrCat("SELECT ", kMerchantColumns, " FROM merchants WHERE id = ?",
                   for_update ? " FOR UPDATE" : "")));
  select->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> row(select->executeQuery());
  if (!row->next()) return std::nullopt;
  MerchantRecord m = ReadMerchant(db::Row(*row));
  std::unique_ptr<sql::PreparedStatement> ids(c.prepareStatement(
      "SELECT bank_merchant_id FROM merchant_bank_ids WHERE merchant_id = ? "
      "ORDER BY bank_merchant_id"));
  ids->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> rows(ids->executeQuery());
  while (rows->next()) {
    m.bank_merchant_ids.push_back(db::Row(*rows).String("bank_merchant_id"));
  }
  return m;
}

// A row of merchant_history; `from` and `to` are the stored numbers of the
// kind's values (kContractStateColumn, kStandingColumn).
void History(sql::Connection& c, int64_t merchant_id, HistoryKind kind,
             std::optional<int> from, int to, absl::CivilDay day,
             const std::string& actor, const std::string& reason) {
  std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
      "INSERT INTO merchant_history (merchant_id, kind, from_value, "
      "to_value, day, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  insert->setInt64(1, merchant_id);
  insert->setInt(2, kHistoryKindColumn.Encode(kind));
  if (from) {
    insert->setInt(3, *from);
  } else {
    insert->setNull(3, 0);
  }
  insert->setInt(4, to);
  insert->setString(5, db::FormatSqlDate(day));
  insert->setString(6, actor);
  insert->setString(7, reason.substr(0, 500));
  insert->executeUpdate();
}

absl::Status Audit(sql::Connection& c, const auth::Principal& who,
                   const std::string& action, const std::string& type,
                   int64_t id, nlohmann::json detail) {
  return db::AppendAudit(
      c, {{who.subject, std::string(auth::RoleName(who.role)), action, type,
           std::to_string(id), std::move(detail)}});
}

absl::Status MerchantNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("merchant ", id, " not found"));
}

// The merchant was ACTIVE at the end of `day` (its last state change up to
// that day). Binds the day once.
std::string ActiveAtEndOf() {
  return absl::StrCat(
      "(SELECT h.to_value FROM merchant_history h WHERE h.merchant_id = m.id "
      "AND h.kind = ",
      kHistoryKindColumn.Encode(HistoryKind::kState),
      " AND h.day <= ? ORDER BY h.day DESC, h.id DESC LIMIT 1) = ",
      kContractStateColumn.Encode(ContractState::kActive));
}

}  // namespace

absl::StatusOr<MerchantRecord> MerchantStore::Create(
    const auth::Principal& caller, const std::string& request_id,
    const MerchantRecord& m, absl::CivilDay today) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "CreateMerchant",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO merchants (owner_org_id, owner_path, name, "
        "licence_number, category, locations, contact, contract_from, "
        "contract_to, terms, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert->setString(1, m.owner_org_id);
    insert->setString(2, m.owner_path);
    insert->setString(3, m.name);
    insert->setString(4, m.licence_number);
    insert->setInt(5, m.category);
    insert->setString(6, nlohmann::json(m.locations).dump());
    insert->setString(7, m.contact);
    insert->setString(8, db::FormatSqlDate(m.contract_from));
    insert->setString(9, db::FormatSqlDate(m.contract_to));
    insert->setString(10, m.terms);
    insert->setInt(11, kContractStateColumn.Encode(ContractState::kPending));
    insert->executeUpdate();  // 1062: the licence is another merchant's
    id = db::LastInsertId(c);
    std::unique_ptr<sql::PreparedStatement> bank_id(c.prepareStatement(
        "INSERT INTO merchant_bank_ids (bank_merchant_id, merchant_id) "
        "VALUES (?, ?)"));
    for (const std::string& b : m.bank_merchant_ids) {
      bank_id->setString(1, b);
      bank_id->setInt64(2, id);
      bank_id->executeUpdate();  // 1062: another merchant's bank id
    }
    History(c, id, HistoryKind::kState, std::nullopt,
            kContractStateColumn.Encode(ContractState::kPending), today,
            caller.subject, "contract registered");
    RETURN_IF_ERROR(Audit(c, caller, "merchant.create", "merchant", id,
                          {{"name", m.name}, {"owner", m.owner_org_id}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  return Get(id);
}

absl::StatusOr<MerchantRecord> MerchantStore::Get(int64_t id) {
  std::optional<MerchantRecord> m;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    m = SelectMerchant(c, id, false);
    return absl::OkStatus();
  }));
  if (!m.has_value()) return MerchantNotFound(id);
  return *std::move(m);
}

absl::StatusOr<std::vector<MerchantRecord>> MerchantStore::List(
    const std::string& owner_path, std::optional<ContractState> state,
    int64_t after_id, int limit) {
  std::vector<int64_t> ids;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    db::SqlQuery q("SELECT id FROM merchants WHERE owner_path LIKE ?",
                   {db::EscapeLike(owner_path) + "%"});
    q.And("id > ?", {after_id});
    if (state) {
      q.And("state = ?", {int64_t{kContractStateColumn.Encode(*state)}});
    }
    q.Append(" ORDER BY id LIMIT ?", {int64_t{limit}});
    std::unique_ptr<sql::ResultSet> rows(q.Prepare(c)->executeQuery());
    while (rows->next()) ids.push_back(db::Row(*rows).Int64("id"));
    return absl::OkStatus();
  }));
  std::vector<MerchantRecord> merchants;
  for (int64_t id : ids) {
    ASSIGN_OR_RETURN(MerchantRecord m, Get(id));
    merchants.push_back(std::move(m));
  }
  return merchants;
}

absl::StatusOr<MerchantRecord> MerchantStore::ChangeState(
    const auth::Principal& caller, const std::string& request_id, int64_t id,
    const Decide& decide, absl::CivilDay today) {
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::optional<std::string> earlier,
        db::RequestLedger::Claim(c, request_id, "ChangeMerchantState",
                                 auth::CallerKey(caller)));
    if (earlier.has_value()) return absl::OkStatus();
    std::optional<MerchantRecord> m = SelectMerchant(c, id, true);
    if (!m.has_value()) return MerchantNotFound(id);
    ASSIGN_OR_RETURN(ContractChange change, decide(*m));
    std::unique_ptr<sql::PreparedStatement> update(
        c.prepareStatement("UPDATE merchants SET state = ? WHERE id = ?"));
    update->setInt(1, kContractStateColumn.Encode(change.next));
    update->setInt64(2, id);
    update->executeUpdate();
    if (change.next == ContractState::kExited) {
      // 按约退出: the offers stop the day it exits.
      std::unique_ptr<sql::PreparedStatement> withdraw(c.prepareStatement(
          "UPDATE offers SET withdrawn_on = ? WHERE merchant_id = ? AND "
          "withdrawn_on IS NULL"));
      withdraw->setString(1, db::FormatSqlDate(today));
      withdraw->setInt64(2, id);
      withdraw->executeUpdate();
    }
    History(c, id, HistoryKind::kState, kContractStateColumn.Encode(m->state),
            kContractStateColumn.Encode(change.next), today, caller.subject,
            change.reason);
    RETURN_IF_ERROR(Audit(c, caller, "merchant.state", "merchant", id,
                          {{"from", ContractStateName(m->state)},
                           {"to", ContractStateName(change.next)},
                           {"reason", change.reason}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  return Get(id);
}

absl::Status MerchantStore::SetStanding(int64_t id, Standing standing,
                                        const std::string& reason,
                                        absl::CivilDay day) {
  return pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::optional<MerchantRecord> m = SelectMerchant(c, id, true);
    if (!m.has_value()) return MerchantNotFound(id);
    if (m->standing == standing) return absl::OkStatus();
    std::unique_ptr<sql::PreparedStatement> update(
        c.prepareStatement("UPDATE merchants SET standing = ? WHERE id = ?"));
    update->setInt(1, kStandingColumn.Encode(standing));
    update->setInt64(2, id);
    update->executeUpdate();
    History(c, id, HistoryKind::kStanding, kStandingColumn.Encode(m->standing),
            kStandingColumn.Encode(standing), day, "evaluation", reason);
    auth::Principal job{
        "evaluation", auth::Role::kService, "city", "/city/", {}, {}};
    return Audit(c, job, "merchant.standing", "merchant", id,
                 {{"from", StandingName(m->standing)},
                  {"to", StandingName(standing)},
                  {"figures", reason}});
  });
}

absl::StatusOr<OfferRecord> MerchantStore::CreateOffer(
    const auth::Principal& caller, const std::string& request_id,
    const OfferRecord& o) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "CreateOffer",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::optional<MerchantRecord> m = SelectMerchant(c, o.merchant_id, true);
    if (!m.has_value()) return MerchantNotFound(o.merchant_id);
    if (m->state == ContractState::kExited) {
      return absl::FailedPreconditionError(
          absl::StrCat("merchant ", m->id, " has exited; no new offers"));
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO offers (merchant_id, title, kind, discount_percent, "
        "price_fen, category, valid_from, valid_to, conditions) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert->setInt64(1, o.merchant_id);
    insert->setString(2, o.title);
    insert->setInt(3, o.kind);
    insert->setInt(4, o.discount_percent);
    insert->setInt64(5, o.price_fen);
    insert->setInt(6, o.category);
    insert->setString(7, db::FormatSqlDate(o.valid_from));
    insert->setString(8, db::FormatSqlDate(o.valid_to));
    insert->setString(9, o.conditions);
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(Audit(c, caller, "offer.create", "offer", id,
                          {{"merchant_id", o.merchant_id}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  OfferRecord created = o;
  created.id = id;
  ASSIGN_OR_RETURN(MerchantRecord m, Get(o.merchant_id));
  created.merchant_name = m.name;
  return created;
}

absl::StatusOr<std::vector<OfferRecord>> MerchantStore::SearchOffers(
    const OfferSearch& search, int64_t after_id, int limit) {
  std::vector<OfferRecord> offers;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    // The rating is the mean of the last twelve months' ratings, computed
    // per page of offers (at most 100 merchants) from ratings_day.
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT o.id, o.merchant_id, o.title, o.kind, o.discount_percent, "
            "o.price_fen, o.category, o.valid_from, o.valid_to, "
            "o.conditions, m.name AS merchant_name, "
            "m.locations AS merchant_locations, "
            "(SELECT COUNT(*) FROM ratings r WHERE r.merchant_id = m.id AND "
            "r.day > ? - INTERVAL 12 MONTH AND r.day <= ?) "
            "AS merchant_ratings, "
            "(SELECT COALESCE(AVG(r.stars), 0) FROM ratings r WHERE "
            "r.merchant_id = m.id AND r.day > ? - INTERVAL 12 MONTH AND "
            "r.day <= ?) AS merchant_rating "
            "FROM offers o JOIN merchants m ON "
            "m.id = o.merchant_id WHERE m.owner_org_id IN (?, 'city') AND "
            "o.id > ? AND o.valid_from <= ? AND o.valid_to >= ? AND "
            "(o.withdrawn_on IS NULL OR o.withdrawn_on > ?) AND ",
            ActiveAtEndOf(), search.category != 0 ? " AND o.category = ?" : "",
            search.merchant_name_contains.empty()
                ? ""
                : " AND LOCATE(?, m.name) > 0",
            " ORDER BY o.id LIMIT ?")));
    const std::string d = db::FormatSqlDate(search.day);
    int col = 1;
    for (int i = 0; i < 4; ++i) select->setString(col++, d);
    select->setString(col++, search.county_id);
    select->setInt64(col++, after_id);
    select->setString(col++, d);
    select->setString(col++, d);
    select->setString(col++, d);
    select->setString(col++, d);
    if (search.category != 0) select->setInt(col++, search.category);
    if (!search.merchant_name_contains.empty()) {
      select->setString(col++, search.merchant_name_contains);
    }
    select->setInt(col++, limit);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) {
      OfferRecord o = ReadOffer(db::Row(*r));
      offers.push_back(std::move(o));
    }
    return absl::OkStatus();
  }));
  return offers;
}

absl::StatusOr<std::vector<ServiceItemRecord>> MerchantStore::ListServiceItems(
    const std::string& county_id, absl::CivilDay day) {
  std::vector<ServiceItemRecord> items;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id, owner_org_id, kind, title, category, active_from, "
        "active_to, how_to_use FROM service_items WHERE owner_org_id IN (?, "
        "'city') AND active_from <= ? AND (active_to IS NULL OR active_to >= "
        "?) ORDER BY owner_org_id = 'city', kind, id LIMIT 500"));
    const std::string d = db::FormatSqlDate(day);
    select->setString(1, county_id);
    select->setString(2, d);
    select->setString(3, d);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) {
      ServiceItemRecord item = ReadServiceItem(db::Row(*r));
      items.push_back(std::move(item));
    }
    return absl::OkStatus();
  }));
  return items;
}

absl::StatusOr<ServiceItemRecord> MerchantStore::CreateServiceItem(
    const auth::Principal& caller, const std::string& request_id,
    const ServiceItemRecord& item) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::optional<std::string> earlier,
        db::RequestLedger::Claim(c, request_id, "CreateServiceItem",
                                 auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO service_items (owner_org_id, kind, title, category, "
        "active_from, active_to, how_to_use) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    insert->setString(1, item.owner_org_id);
    insert->setInt(2, item.kind);
    insert->setString(3, item.title);
    insert->setInt(4, item.category);
    insert->setString(5, db::FormatSqlDate(item.active_from));
    if (item.active_to) {
      insert->setString(6, db::FormatSqlDate(*item.active_to));
    } else {
      insert->setNull(6, 0);
    }
    insert->setString(7, item.how_to_use);
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(Audit(c, caller, "service_item.create", "service_item", id,
                          {{"title", item.title}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  ServiceItemRecord created = item;
  created.id = id;
  return created;
}

absl::StatusOr<ServiceItemCounts> MerchantStore::CountServiceItems(
    const std::string& county_id, absl::CivilDay day) {
  ServiceItemCounts counts;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    const std::string d = db::FormatSqlDate(day);
    for (const std::string& owner : {county_id, std::string("city")}) {
      std::unique_ptr<sql::PreparedStatement> items(c.prepareStatement(
          "SELECT COUNT(*) AS items FROM service_items WHERE owner_org_id = ? "
          "AND "
          "active_from <= ? AND (active_to IS NULL OR active_to >= ?)"));
      items->setString(1, owner);
      items->setString(2, d);
      items->setString(3, d);
      std::unique_ptr<sql::ResultSet> r(items->executeQuery());
      r->next();
      const int64_t n = db::Row(*r).Int64("items");
      std::unique_ptr<sql::PreparedStatement> offers(
          c.prepareStatement(absl::StrCat(
              "SELECT COUNT(*) AS offers FROM offers o JOIN merchants m ON "
              "m.id = "
              "o.merchant_id WHERE m.owner_org_id = ? AND o.valid_from <= ? "
              "AND o.valid_to >= ? AND (o.withdrawn_on IS NULL OR "
              "o.withdrawn_on > ?) AND ",
              ActiveAtEndOf())));
      offers->setString(1, owner);
      offers->setString(2, d);
      offers->setString(3, d);
      offers->setString(4, d);
      offers->setString(5, d);
      r.reset(offers->executeQuery());
      r->next();
      const int64_t o = db::Row(*r).Int64("offers");
      counts.merchant_offers += o;
      (owner == "city" ? counts.city_items : counts.county_items) = n + o;
    }
    return absl::OkStatus();
  }));
  return counts;
}

absl::StatusOr<std::optional<int64_t>> MerchantStore::MerchantOfBankId(
    const std::string& bank_merchant_id) {
  std::optional<int64_t> id;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT merchant_id FROM merchant_bank_ids WHERE "
                           "bank_merchant_id = ?"));
    select->setString(1, bank_merchant_id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (r->next()) id = db::Row(*r).Int64("merchant_id");
    return absl::OkStatus();
  }));
  return id;
}

absl::StatusOr<std::vector<int64_t>> MerchantStore::MerchantIdsIn(
    const std::vector<ContractState>& states) {
  std::vector<int64_t> ids;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::string in;
    for (ContractState s : states) {
      absl::StrAppend(&in, in.empty() ? "" : ", ",
                      kContractStateColumn.Encode(s));
    }
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT id FROM merchants WHERE state IN (", in, ") ORDER BY id")));
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) ids.push_back(db::Row(*r).Int64("id"));
    return absl::OkStatus();
  }));
  return ids;
}

}  // namespace unioncard::merchant
