#include "card-svc/src/store/card_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <memory>
#include <set>
#include <type_traits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "card-svc/src/store/bank_order_store.h"
#include "card-svc/src/store/card_change_records.h"
#include "card-svc/src/store/card_columns.h"
#include "card-svc/src/store/card_rows.h"
#include "card-svc/src/store/card_schema.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/sql_query.h"
#include "common/db/sql_types.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "common/time/china_time.h"

namespace unioncard::card {
namespace {

std::optional<CardRecord> SelectCard(sql::Connection& c, int64_t id,
                                     bool for_update) {
  std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
      absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE id = ?",
                   for_update ? " FOR UPDATE" : "")));
  select->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> row(select->executeQuery());
  if (!row->next()) return std::nullopt;
  return ReadCard(*row);
}

// When the card left the live states, if it has.
std::optional<absl::Time> EndedAt(sql::Connection& c, int64_t card_id) {
  std::unique_ptr<sql::PreparedStatement> select(
      c.prepareStatement("SELECT ended_at FROM cards WHERE id = ?"));
  select->setInt64(1, card_id);
  std::unique_ptr<sql::ResultSet> row(select->executeQuery());
  if (!row->next()) return std::nullopt;
  return db::Row(*row).OptionalTime("ended_at");
}

absl::Status CardNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("card ", id, " not found"));
}

// What a TIMESTAMP column holds (a day's margin each side for time zones).
const absl::Time kEarliestStoredTime = absl::FromUnixSeconds(86400);
const absl::Time kLatestStoredTime = absl::FromUnixSeconds(2147483647 - 86400);

absl::Status LiveCardError(int64_t member_id, int64_t card_id,
                           CardState state) {
  return absl::AlreadyExistsError(
      absl::StrCat("member ", member_id, " already has live card ", card_id,
                   " (", CardStateName(state), "); one live card per member"));
}

// ALREADY_EXISTS naming the member's live card.
absl::Status LiveCardExists(sql::Connection& c, int64_t member_id) {
  std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
      "SELECT id, state FROM cards WHERE live_member_id = ?"));
  select->setInt64(1, member_id);
  std::unique_ptr<sql::ResultSet> row(select->executeQuery());
  if (!row->next()) {
    return absl::AlreadyExistsError(
        absl::StrCat("member ", member_id, " already has a live card"));
  }
  const db::Row live(*row);
  return LiveCardError(member_id, live.Int64("id"),
                       live.Enum("state", kCardStateColumn));
}

// The live card (id, state) of each of `members` that has one, locked;
// for a member without one the gap is locked, so no other transaction can
// give that member a card before this one ends.
std::map<int64_t, std::pair<int64_t, CardState>> LiveCards(
    sql::Connection& c, const std::vector<int64_t>& members) {
  std::map<int64_t, std::pair<int64_t, CardState>> live;
  db::SelectIn<int64_t>(c,
                        "SELECT live_member_id, id, state FROM cards WHERE "
                        "live_member_id",
                        members, " FOR UPDATE", [&](sql::ResultSet& r) {
                          const db::Row row(r);
                          live[row.Int64("live_member_id")] = {
                              row.Int64("id"),
                              row.Enum("state", kCardStateColumn)};
                        });
  return live;
}

// The live card of each of `members`, whole.
std::map<int64_t, CardRecord> LiveCardRecords(
    sql::Connection& c, const std::vector<int64_t>& members) {
  std::map<int64_t, CardRecord> cards;
  db::SelectIn<int64_t>(
      c,
      absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE live_member_id"),
      members, "", [&](sql::ResultSet& r) {
        CardRecord card = ReadCard(r);
        cards[card.member_id] = std::move(card);
      });
  return cards;
}

// Which card holds each of `tokens` already.
std::map<std::string, int64_t> TokenHolders(
    sql::Connection& c, const std::vector<std::string>& tokens) {
  std::map<std::string, int64_t> holders;
  db::SelectIn<std::string>(
      c, "SELECT bank_token, id FROM cards WHERE bank_token", tokens, "",
      [&](sql::ResultSet& r) {
        const db::Row row(r);
        holders[row.String("bank_token")] = row.Int64("id");
      });
  return holders;
}

// A page of card changes being planned: the cards as each change leaves
// them, and what is to be written once every change is decided.
struct CardPage {
  std::map<int64_t, CardRecord> cards;  // locked, then changed in memory
  std::map<std::string, int64_t> token_holders;
  std::set<int64_t> touched;               // cards to write back
  std::map<int64_t, absl::Time> ended_at;  // cards that left the live states
  std::vector<RecordedChange> recorded;
  struct BankOrder {
    int64_t card_id;
    CardEvent event;
    std::string reason;
  };
  std::vector<BankOrder> bank_orders;
};

// Decides one change of a page against the cards as the page's earlier
// changes left them: its status, and what it writes (nothing when it fails).
absl::Status PlanChange(const auth::Principal& caller, const CardChange& change,
                        db::RequestPage& ledger, CardPage& page) {
  const CardEvent event = change.event;
  if (event == CardEvent::kBankIssued) {
    if (!change.issued.has_value()) {
      return status::InvalidField("issued", "is required for an issued card");
    }
    RETURN_IF_ERROR(ValidateIssuedCard(*change.issued));
  }
  const std::string method = absl::StrCat("Card:", CardEventName(event));
  const std::string caller_key = auth::CallerKey(caller);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                   ledger.Claim(change.request_id, method, caller_key));
  if (earlier.has_value()) return absl::OkStatus();
  auto found = page.cards.find(change.card_id);
  if (found == page.cards.end()) return CardNotFound(change.card_id);
  CardRecord& card = found->second;
  ASSIGN_OR_RETURN(CardTransition transition,
                   ApplyCardEvent(card.lifecycle, event));
  switch (transition.outcome) {
    case CardTransition::Outcome::kAlready:
      // A duplicate notification: nothing to do, and nothing to record
      // but the ledger entry that makes its retries cheap too.
      ledger.Complete(change.request_id, method, caller_key,
                      std::to_string(card.id));
      return absl::OkStatus();
    case CardTransition::Outcome::kEarly:
      // UNAVAILABLE is the bank's retry signal; nothing of it is written,
      // so the resent notification is taken afresh.
      return absl::UnavailableError(transition.why);
    case CardTransition::Outcome::kMoved:
      break;
  }
  if (change.at < kEarliestStoredTime || change.at > kLatestStoredTime) {
    return status::InvalidField(
        "time", "must be between 1970-01-02 and 2038-01-18 (UTC)");
  }
  const absl::Time at = ToStoredPrecision(change.at);
  if (event == CardEvent::kBankIssued) {
    const std::string& token = change.issued->bank_token;
    auto holder = page.token_holders.find(token);
    if (holder != page.token_holders.end() && holder->second != card.id) {
      return absl::AlreadyExistsError(
          absl::StrCat("the bank token is already card ", holder->second,
                       "'s; each card has its own"));
    }
    page.token_holders[token] = card.id;
    card.bank_token = token;
    card.last4 = change.issued->last4;
    card.expiry = change.issued->expiry;
    card.issued_at = at;
    card.issued_county_id = card.county_id;
  }
  if (event == CardEvent::kBankActivated) card.activated_at = at;
  const CardState from = card.lifecycle.state;
  card.lifecycle = transition.next;
  card.note = text::TruncateUtf8(change.note, 200);
  if (!IsLive(card.lifecycle.state)) page.ended_at[card.id] = at;
  page.touched.insert(card.id);
  page.recorded.push_back({card, from, at, change.note,
                           absl::StrCat("card.", CardEventName(event))});
  if (BankOrderStore::BankMustKnow(event, from)) {
    page.bank_orders.push_back({card.id, event, change.note});
  }
  ledger.Complete(change.request_id, method, caller_key,
                  std::to_string(card.id));
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateIssuedCard(const IssuedCard& card) {
  status::FieldErrors errors;
  const std::string& t = card.bank_token;
  bool all_digits = !t.empty();
  bool printable = true;
  for (char ch : t) {
    all_digits =
        all_digits && absl::ascii_isdigit(static_cast<unsigned char>(ch));
    printable = printable && ch > 0x20 && ch < 0x7f;
  }
  if (t.size() < 8 || t.size() > 64 || !printable) {
    errors.Add("bank_token", "must be 8 to 64 printable characters");
  } else if (all_digits && t.size() >= 13 && t.size() <= 19) {
    // Looks like a card number: refuse it rather than store a PAN.
    errors.Add("bank_token",
               "looks like a full card number; send the bank's token instead");
  }
  bool four_digits = card.last4.size() == 4;
  for (char ch : card.last4) {
    four_digits =
        four_digits && absl::ascii_isdigit(static_cast<unsigned char>(ch));
  }
  if (!four_digits) errors.Add("last4", "must be the last 4 digits");
  absl::CivilMonth month;
  if (card.expiry.size() != 7 || !absl::ParseCivilTime(card.expiry, &month)) {
    errors.Add("expiry", "must be YYYY-MM");
  }
  return errors.ToStatus();
}

absl::StatusOr<CardRecord> CardStore::Request(const auth::Principal& caller,
                                              const std::string& request_id,
                                              int64_t member_id,
                                              const std::string& county_id,
                                              const std::string& org_id) {
  absl::StatusOr<std::vector<CardRequestOutcome>> requested =
      RequestMany(caller, {{request_id, member_id, county_id, org_id}});
  if (requested.status().code() == absl::StatusCode::kAlreadyExists) {
    // The unique key refused a second live card after all (a race the
    // locking read did not see); say which one there is. If even that
    // read fails, the database's own refusal still says it.
    absl::Status named = requested.status();
    absl::Status read = pool_->Run([&](sql::Connection& c) {
      named = LiveCardExists(c, member_id);
      return absl::OkStatus();
    });
    return read.ok() ? named : requested.status();
  }
  if (!requested.ok()) return requested.status();
  ASSIGN_OR_RETURN(int64_t card_id, (*requested)[0].CardId());
  return Get(card_id);
}

absl::StatusOr<std::vector<CardRequestOutcome>> CardStore::RequestMany(
    const auth::Principal& caller, const std::vector<CardToRequest>& cards) {
  using Kind = CardRequestOutcome::Kind;
  std::vector<CardRequestOutcome> ids;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ids.assign(cards.size(),
               {Kind::kRefused, 0, absl::UnknownError("not run")});
    RETURN_IF_ERROR(outbox_->Lock(c));  // card writers queue, not deadlock
    const std::string caller_key = auth::CallerKey(caller);
    std::vector<std::string> request_ids;
    for (const CardToRequest& r : cards) request_ids.push_back(r.request_id);
    ASSIGN_OR_RETURN(db::RequestPage ledger,
                     db::RequestPage::Open(c, request_ids));
    // The members' live cards, locked: the gap locks keep a concurrent
    // request for the same members out until this one commits.
    std::vector<int64_t> members;
    std::vector<size_t> fresh;  // indexes of the requests to insert
    std::map<std::string, size_t> first_with_id;
    std::vector<std::pair<size_t, size_t>> repeats;  // (index, first index)
    for (size_t i = 0; i < cards.size(); ++i) {
      auto [first, is_first] = first_with_id.emplace(cards[i].request_id, i);
      if (!is_first) {
        repeats.emplace_back(i, first->second);
        continue;
      }
      absl::StatusOr<std::optional<std::string>> earlier =
          ledger.Claim(cards[i].request_id, "RequestCard", caller_key);
      if (!earlier.ok()) {
        ids[i] = {Kind::kRefused, 0, earlier.status()};
      } else if (earlier->has_value()) {
        ids[i] = {Kind::kRequested, std::stoll(**earlier), absl::OkStatus()};
      } else {
        fresh.push_back(i);
        members.push_back(cards[i].member_id);
      }
    }
    const auto live = LiveCards(c, members);
    std::vector<size_t> inserted;
    std::set<int64_t> taken;  // members given a card by this page
    for (size_t i : fresh) {
      const int64_t member = cards[i].member_id;
      if (auto it = live.find(member); it != live.end()) {
        ids[i] = {Kind::kMemberHasCard, it->second.first,
                  LiveCardError(member, it->second.first, it->second.second)};
      } else if (!taken.insert(member).second) {
        ids[i] = {Kind::kMemberHasCard, 0,
                  absl::AlreadyExistsError(absl::StrCat(
                      "member ", member, " is requested twice in this page"))};
      } else {
        inserted.push_back(i);
      }
    }
    // A request id repeated in the page is a retry of its first use: the
    // same card, or the same refusal.
    auto answer_repeats = [&] {
      for (auto [i, first] : repeats) {
        const bool same = cards[i].member_id == cards[first].member_id &&
                          cards[i].county_id == cards[first].county_id &&
                          cards[i].org_id == cards[first].org_id;
        ids[i] = same ? ids[first]
                      : CardRequestOutcome{
                            Kind::kRefused, 0,
                            status::InvalidField("request_id",
                                                 "was already used for another "
                                                 "request (RequestCard)")};
      }
    };
    if (inserted.empty()) {
      answer_repeats();
      return ledger.Write(c);
    }
    db::MultiRowInsert insert(
        "INSERT INTO cards (member_id, county_id, org_id, state) VALUES ", 4);
    RETURN_IF_ERROR(insert.Run(
        c, inserted.size(),
        [&](sql::PreparedStatement& s, size_t k, int column) {
          const CardToRequest& r = cards[inserted[k]];
          s.setInt64(column, r.member_id);
          s.setString(column + 1, r.county_id);
          s.setString(column + 2, r.org_id);
          s.setInt(column + 3, kCardStateColumn.Encode(CardState::kRequested));
        }));
    std::vector<int64_t> new_members;
    for (size_t i : inserted) new_members.push_back(cards[i].member_id);
    const auto made = LiveCardRecords(c, new_members);
    const absl::Time now = ToStoredPrecision(clock_());
    std::vector<RecordedChange> recorded;
    for (size_t i : inserted) {
      const CardRecord& card = made.at(cards[i].member_id);
      ids[i] = {Kind::kRequested, card.id, absl::OkStatus()};
      recorded.push_back({card, std::nullopt, now, "", "card.request"});
      ledger.Complete(cards[i].request_id, "RequestCard", caller_key,
                      std::to_string(card.id));
    }
    RETURN_IF_ERROR(RecordChanges(c, *outbox_, *encoder_, caller, recorded));
    answer_repeats();
    return ledger.Write(c);
  }));
  return ids;
}

absl::StatusOr<CardRecord> CardStore::Get(int64_t card_id) {
  std::optional<CardRecord> card;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    card = SelectCard(c, card_id, false);
    return absl::OkStatus();
  }));
  if (!card.has_value()) return CardNotFound(card_id);
  return *card;
}

absl::StatusOr<std::optional<CardRecord>> CardStore::LiveCardOf(
    int64_t member_id) {
  std::optional<CardRecord> card;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT ", kCardColumns, " FROM cards WHERE live_member_id = ?")));
    select->setInt64(1, member_id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) card = ReadCard(*row);
    return absl::OkStatus();
  }));
  return card;
}

absl::StatusOr<std::vector<CardRecord>> CardStore::CardsOf(int64_t member_id) {
  std::vector<CardRecord> cards;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kCardColumns,
                     " FROM cards WHERE member_id = ? ORDER BY id")));
    select->setInt64(1, member_id);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) cards.push_back(ReadCard(*rows));
    return absl::OkStatus();
  }));
  return cards;
}

absl::StatusOr<CardRecord> CardStore::Apply(
    const auth::Principal& caller, const std::string& request_id,
    int64_t card_id, CardEvent event, absl::Time at, const std::string& note,
    const std::optional<IssuedCard>& issued) {
  ASSIGN_OR_RETURN(
      std::vector<absl::Status> applied,
      ApplyMany(caller, {{request_id, card_id, event, at, note, issued}}));
  RETURN_IF_ERROR(applied[0]);
  return Get(card_id);
}

absl::StatusOr<std::vector<absl::Status>> CardStore::ApplyMany(
    const auth::Principal& caller, const std::vector<CardChange>& changes) {
  std::vector<absl::Status> results;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    results.assign(changes.size(), absl::OkStatus());
    RETURN_IF_ERROR(outbox_->Lock(c));  // card writers queue, not deadlock
    std::vector<std::string> request_ids;
    std::vector<int64_t> card_ids;
    std::vector<std::string> tokens;
    for (const CardChange& change : changes) {
      request_ids.push_back(change.request_id);
      card_ids.push_back(change.card_id);
      if (change.issued.has_value())
        tokens.push_back(change.issued->bank_token);
    }
    std::sort(card_ids.begin(), card_ids.end());  // lock in one order
    card_ids.erase(std::unique(card_ids.begin(), card_ids.end()),
                   card_ids.end());
    ASSIGN_OR_RETURN(db::RequestPage ledger,
                     db::RequestPage::Open(c, request_ids));
    CardPage page;
    page.cards = LockCards(c, card_ids);
    page.token_holders = TokenHolders(c, tokens);
    for (size_t i = 0; i < changes.size(); ++i) {
      results[i] = PlanChange(caller, changes[i], ledger, page);
    }
    std::vector<CardStateRow> rows;
    for (int64_t id : page.touched) {
      auto ended = page.ended_at.find(id);
      rows.push_back(
          {&page.cards.at(id), ended == page.ended_at.end()
                                   ? std::nullopt
                                   : std::optional<absl::Time>(ended->second)});
    }
    RETURN_IF_ERROR(WriteCardStates(c, rows));
    RETURN_IF_ERROR(
        RecordChanges(c, *outbox_, *encoder_, caller, page.recorded));
    for (const CardPage::BankOrder& order : page.bank_orders) {
      RETURN_IF_ERROR(
          BankOrderStore::Add(c, order.card_id, order.event, order.reason));
    }
    return ledger.Write(c);
  }));
  return results;
}

absl::StatusOr<std::map<int64_t, CardRecord>> CardStore::GetMany(
    const std::vector<int64_t>& card_ids) {
  std::map<int64_t, CardRecord> cards;
  if (card_ids.empty()) return cards;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::string marks;
    for (size_t i = 0; i < card_ids.size(); ++i) marks += i ? ", ?" : "?";
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT ", kCardColumns, " FROM cards WHERE id IN (", marks, ")")));
    for (size_t i = 0; i < card_ids.size(); ++i) {
      select->setInt64(static_cast<int>(i + 1), card_ids[i]);
    }
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      CardRecord card = ReadCard(*rows);
      cards[card.id] = std::move(card);
    }
    return absl::OkStatus();
  }));
  return cards;
}

absl::StatusOr<CardRecord> CardStore::MoveToUnion(const auth::Principal& caller,
                                                  const std::string& request_id,
                                                  int64_t card_id,
                                                  const std::string& county_id,
                                                  const std::string& org_id) {
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    RETURN_IF_ERROR(outbox_->Lock(c));  // card writers queue, not deadlock
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "MoveCard",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) return absl::OkStatus();
    std::optional<CardRecord> card = SelectCard(c, card_id, true);
    if (!card.has_value()) return CardNotFound(card_id);
    // The card's issue and end now count in the member's new county.
    CardDayCounts counts;
    counts.Move(*card, county_id, EndedAt(c, card_id));
    RETURN_IF_ERROR(counts.Write(c));
    std::unique_ptr<sql::PreparedStatement> update(
        c.prepareStatement("UPDATE cards SET county_id = ?, org_id = ?, "
                           "updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?"));
    update->setString(1, county_id);
    update->setString(2, org_id);
    update->setInt64(3, card_id);
    update->executeUpdate();
    std::optional<CardRecord> moved = SelectCard(c, card_id, false);
    RETURN_IF_ERROR(RecordChanges(
        c, *outbox_, *encoder_, caller,
        {{*moved, card->lifecycle.state, clock_(),
          absl::StrCat("member moved from ", card->org_id), "card.move"}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(card_id));
  }));
  return Get(card_id);
}

absl::StatusOr<CardRecord> CardStore::OrderReplacement(
    const auth::Principal& caller, const std::string& request_id,
    int64_t lost_card_id) {
  int64_t new_id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    RETURN_IF_ERROR(outbox_->Lock(c));  // card writers queue, not deadlock
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "OrderReplacement",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {
      new_id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::optional<CardRecord> lost = SelectCard(c, lost_card_id, true);
    if (!lost.has_value()) return CardNotFound(lost_card_id);
    // LOST -> REPLACED is the only legal move: never a duplicate or early.
    ASSIGN_OR_RETURN(
        CardTransition transition,
        ApplyCardEvent(lost->lifecycle, CardEvent::kReplacementOrdered));
    const CardLifecycleState& replaced = transition.next;
    const absl::Time now = clock_();
    // The old card leaves the live key before the new one takes it.
    std::unique_ptr<sql::PreparedStatement> retire(
        c.prepareStatement("UPDATE cards SET state = ?, ended_at = ?, "
                           "updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?"));
    retire->setInt(1, kCardStateColumn.Encode(replaced.state));
    retire->setString(2, db::FormatSqlTimestamp(now));
    retire->setInt64(3, lost_card_id);
    retire->executeUpdate();
    std::optional<CardRecord> old_card = SelectCard(c, lost_card_id, false);
    RETURN_IF_ERROR(RecordChanges(c, *outbox_, *encoder_, caller,
                                  {{*old_card, CardState::kLost, now,
                                    "replacement ordered", "card.replace"}}));

    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO cards (member_id, county_id, org_id, state, "
        "replaces_card_id) VALUES (?, ?, ?, ?, ?)"));
    insert->setInt64(1, lost->member_id);
    insert->setString(2, lost->county_id);
    insert->setString(3, lost->org_id);
    insert->setInt(4, kCardStateColumn.Encode(CardState::kRequested));
    insert->setInt64(5, lost_card_id);
    insert->executeUpdate();
    new_id = db::LastInsertId(c);
    std::optional<CardRecord> fresh = SelectCard(c, new_id, false);
    RETURN_IF_ERROR(RecordChanges(
        c, *outbox_, *encoder_, caller,
        {{*fresh, std::nullopt, now,
          absl::StrCat("replaces card ", lost_card_id), "card.request"}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(new_id));
  }));
  return Get(new_id);
}

absl::Status CardStore::ForEachMemberCards(
    const std::function<void(int64_t, const std::vector<CardFacts>&)>& visit) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> select(c.createStatement());
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery(absl::StrCat(
        "SELECT ", kFactsColumns, " FROM cards ORDER BY member_id, id")));
    int64_t member = 0;
    std::vector<CardFacts> cards;
    while (rows->next()) {
      const int64_t m = db::Row(*rows).Int64("member_id");
      if (m != member && !cards.empty()) {
        visit(member, cards);
        cards.clear();
      }
      member = m;
      cards.push_back(ReadFacts(*rows));
    }
    if (!cards.empty()) visit(member, cards);
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> CardStore::RebuildStoredFiguresIfPending() {
  bool pending = false;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> statement(c.createStatement());
    std::unique_ptr<sql::ResultSet> row(
        statement->executeQuery("SELECT id FROM coverage_rebuild_pending"));
    pending = row->next();
    return absl::OkStatus();
  }));
  if (!pending) return false;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) {
    RETURN_IF_ERROR(outbox_->Lock(c));  // no card changes meanwhile
    std::unique_ptr<sql::Statement> statement(c.createStatement());
    for (const std::string& sql : RebuildCardDayCounts()) {
      statement->execute(sql);
    }
    return absl::OkStatus();
  }));
  // Coverage: each chunk diffs the members' cards against what is stored
  // (RefreshCoverage), so the pass is right from any starting point and
  // two replicas running it at once only repeat work.
  constexpr int kMembersPerChunk = 2000;
  int64_t after = 0;
  for (;;) {
    std::vector<int64_t> members;
    RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) {
      RETURN_IF_ERROR(outbox_->Lock(c));
      std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
          "SELECT DISTINCT member_id FROM cards WHERE member_id > ? "
          "ORDER BY member_id LIMIT ?"));
      select->setInt64(1, after);
      select->setInt(2, kMembersPerChunk);
      std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
      members.clear();
      while (rows->next()) {
        members.push_back(db::Row(*rows).Int64("member_id"));
      }
      return RefreshCoverage(c, members);
    }));
    if (members.empty()) break;
    after = members.back();
  }
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> statement(c.createStatement());
    statement->execute("DELETE FROM coverage_rebuild_pending");
    return absl::OkStatus();
  }));
  return true;
}

absl::StatusOr<std::vector<CardFacts>> CardStore::CardFactsOf(
    int64_t member_id) {
  std::vector<CardFacts> cards;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kFactsColumns,
                     " FROM cards WHERE member_id = ? ORDER BY id")));
    select->setInt64(1, member_id);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) cards.push_back(ReadFacts(*rows));
    return absl::OkStatus();
  }));
  return cards;
}

absl::StatusOr<std::map<std::string, int64_t>> CardStore::FirstCardsIssued(
    absl::Time from, absl::Time to) {
  std::map<std::string, int64_t> counts;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    // Each member's earliest issued card; count it where it was issued.
    // The window's cards come from the issued_at index and each is checked
    // against the member's other cards, so a day costs that day's cards,
    // not a pass over every member's (card_reads_bench at 1.16 M cards:
    // a day's statistics 3.1 s before, 0.8 s after).
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT c.issued_county_id, COUNT(*) AS first_cards FROM cards c"
        " WHERE c.issued_at >= ? AND c.issued_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM cards e WHERE e.member_id ="
        " c.member_id AND e.issued_at < c.issued_at)"
        " GROUP BY c.issued_county_id"));
    select->setString(1, db::FormatSqlTimestamp(from));
    select->setString(2, db::FormatSqlTimestamp(to));
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      counts[row.String("issued_county_id")] = row.Int64("first_cards");
    }
    return absl::OkStatus();
  }));
  return counts;
}

}  // namespace unioncard::card
