#include "tools/bank-sim/bank_simulator.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/log/json_log.h"
#include "nlohmann/json.hpp"

namespace unioncard::banksim {
namespace {

using bank::v1::CardNotification;
using bank::v1::ChangeCardRequest;
using bank::v1::PayoutResult;

template <typename Message>
std::map<std::string, int> AcksOf(const grpc::Status& status,
                                  const bank::v1::NotificationAcks& acks,
                                  const char* what) {
  std::map<std::string, int> codes;
  if (!status.ok()) {
    log::Warn("card-svc did not take notifications",
              {{"what", what}, {"error", status.error_message()}});
    return codes;
  }
  for (const auto& ack : acks.acks()) codes[ack.notification_id()] = ack.code();
  return codes;
}

}  // namespace

BankSimulator::BankSimulator(
    BankSimOptions options,
    std::shared_ptr<bank::v1::BankNotifications::StubInterface> card_svc)
    : options_(std::move(options)),
      card_svc_(std::move(card_svc)),
      random_(options_.seed) {}

BankSimulator::~BankSimulator() { Stop(); }

absl::Status BankSimulator::Load() {
  if (options_.state_file.empty()) return absl::OkStatus();
  std::ifstream in(options_.state_file);
  if (!in) return absl::OkStatus();  // a new bank
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json state = nlohmann::json::parse(text.str(), nullptr, false);
  if (state.is_discarded()) {
    return absl::DataLossError(
        absl::StrCat(options_.state_file, " is not the bank's state"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (int64_t id : state["applications"]) known_cards_.insert(id);
  for (const auto& c : state["cards"]) {
    CardAtBank& card = cards_[c["token"]];
    card.card_id = c["card_id"];
    card.usable = c["usable"];
    if (c.contains("active_from")) {
      card.active_from = absl::FromUnixSeconds(c["active_from"]);
      active_tokens_.push_back(c["token"]);
    }
    token_of_[card.card_id] = c["token"];
  }
  for (const auto& key : state["payouts"]) {
    payouts_seen_.insert(key.get<std::string>());
  }
  for (const auto& b : state["bookings"]) {
    bank::v1::StatementLine line;
    line.set_idempotency_key(b["key"]);
    line.set_bank_token(b["token"]);
    line.set_amount_fen(b["fen"]);
    line.set_bank_reference(b["reference"]);
    line.mutable_time()->set_seconds(b["time"]);
    absl::CivilDay day;
    absl::ParseCivilTime(std::string(b["day"]), &day);
    bookings_[line.idempotency_key()] = {day, line};
  }
  for (const auto& o : state["orders"]) {
    orders_[o["id"]].set_card_id(o["card_id"]);
  }
  next_id_ = state.value("next_id", int64_t{0});
  log::Info("bank state loaded",
            {{"file", options_.state_file}, {"cards", cards_.size()}});
  return absl::OkStatus();
}

void BankSimulator::SaveIfChanged() {
  if (options_.state_file.empty() || !changed_) return;
  nlohmann::json state;
  state["applications"] = known_cards_;
  state["cards"] = nlohmann::json::array();
  for (const auto& [token, card] : cards_) {
    nlohmann::json c = {
        {"token", token}, {"card_id", card.card_id}, {"usable", card.usable}};
    if (card.active_from)
      c["active_from"] = absl::ToUnixSeconds(*card.active_from);
    state["cards"].push_back(c);
  }
  state["payouts"] = payouts_seen_;
  state["bookings"] = nlohmann::json::array();
  for (const auto& [key, b] : bookings_) {
    state["bookings"].push_back({{"key", key},
                                 {"token", b.line.bank_token()},
                                 {"fen", b.line.amount_fen()},
                                 {"reference", b.line.bank_reference()},
                                 {"time", b.line.time().seconds()},
                                 {"day", absl::FormatCivilTime(b.day)}});
  }
  state["orders"] = nlohmann::json::array();
  for (const auto& [id, order] : orders_) {
    state["orders"].push_back({{"id", id}, {"card_id", order.card_id()}});
  }
  state["next_id"] = next_id_;
  // Written aside and renamed, so a crash never leaves half a file.
  const std::string temp = options_.state_file + ".tmp";
  std::ofstream(temp, std::ios::trunc) << state.dump();
  if (std::rename(temp.c_str(), options_.state_file.c_str()) == 0) {
    changed_ = false;
  }
}

void BankSimulator::Start() {
  worker_ = std::thread([this] { Run(); });
  for (int i = 0; i < std::max(1, options_.transaction_pages_in_flight); ++i) {
    transaction_senders_.emplace_back([this] { SendTransactions(); });
  }
}

void BankSimulator::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    SaveIfChanged();
    stopping_ = true;
    wake_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
  for (std::thread& sender : transaction_senders_) sender.join();
  transaction_senders_.clear();
}

int64_t BankSimulator::applications() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(known_cards_.size());
}

int64_t BankSimulator::card_orders() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(orders_.size());
}

std::optional<ChangeCardRequest::Action> BankSimulator::LastOrderFor(
    int64_t card_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_order_.find(card_id);
  if (it == last_order_.end()) return std::nullopt;
  return it->second;
}

int64_t BankSimulator::payouts_booked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(bookings_.size());
}

int64_t BankSimulator::transactions_acknowledged() const {
  return transactions_.acknowledged();
}

int64_t BankSimulator::notifications_acknowledged() const {
  return card_news_.acknowledged() + payout_news_.acknowledged() +
         transactions_.acknowledged();
}

int64_t BankSimulator::notifications_pending() const {
  return card_news_.pending() + payout_news_.pending() +
         transactions_.pending();
}

std::string BankSimulator::NextId(const char* prefix) {
  return absl::StrCat(prefix, ++next_id_);
}

grpc::Status BankSimulator::WaitWhileHung(grpc::ServerContext* context) const {
  while (hung_ && !context->IsCancelled()) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "simulated: the bank did not answer");
  }
  return grpc::Status::OK;
}

bool BankSimulator::Refuse(grpc::ServerContext* context, grpc::Status* status) {
  if (rpc::PeerCertificateName(*context) != options_.card_svc_peer) {
    *status = grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                           "unknown client certificate");
    return true;
  }
  if (random_.Chance(options_.unavailable_rate)) {
    *status = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                           "simulated: bank busy, try again");
    return true;
  }
  return false;
}

void BankSimulator::Schedule(absl::Time due, CardNotification n) {
  if (random_.Chance(options_.reorder_rate)) {
    due += absl::Milliseconds(static_cast<int64_t>(
        random_.Unit() * absl::ToDoubleMilliseconds(options_.reorder_delay)));
  }
  n.set_notification_id(NextId("n"));
  card_news_.Push(due, n);
  if (random_.Chance(options_.duplicate_rate)) {
    // The same news again under a new id, a little later.
    n.set_notification_id(NextId("n"));
    card_news_.Push(due + absl::Milliseconds(5), n);
  }
}

void BankSimulator::SchedulePayoutResult(absl::Time due, PayoutResult r) {
  // Drawn only when asked for, so seeded runs without it are unchanged.
  if (options_.lost_payout_report_rate > 0 &&
      random_.Chance(options_.lost_payout_report_rate)) {
    return;
  }
  r.set_notification_id(NextId("p"));
  payout_news_.Push(due, r);
  if (random_.Chance(options_.duplicate_rate)) {
    r.set_notification_id(NextId("p"));
    payout_news_.Push(due + absl::Milliseconds(5), r);
  }
}

grpc::Status BankSimulator::SubmitApplications(
    grpc::ServerContext* context,
    const bank::v1::SubmitApplicationsRequest* request,
    bank::v1::SubmitApplicationsResponse* response) {
  if (grpc::Status hung = WaitWhileHung(context); !hung.ok()) return hung;
  std::lock_guard<std::mutex> lock(mu_);
  grpc::Status refused;
  if (Refuse(context, &refused)) return refused;
  const absl::Time now = absl::Now();
  for (const bank::v1::CardApplication& app : request->applications()) {
    if (!known_cards_.insert(app.card_id()).second) {
      response->set_already_known(response->already_known() + 1);
      continue;
    }
    response->set_accepted(response->accepted() + 1);
    CardNotification n;
    n.set_card_id(app.card_id());
    const absl::Time issued_at = now + options_.issue_delay;
    rpc::SetTimestamp(issued_at, n.mutable_time());
    if (random_.Chance(options_.rejection_rate)) {
      n.set_kind(CardNotification::KIND_REJECTED);
      n.set_reason("simulated: documents incomplete");
      Schedule(issued_at, n);
      continue;
    }
    const std::string token = absl::StrFormat("sim-%016x", random_.Next());
    n.set_kind(CardNotification::KIND_ISSUED);
    n.set_bank_token(token);
    n.set_last4(
        absl::StrFormat("%04d", static_cast<int>(random_.Below(10000))));
    n.set_expiry(absl::FormatTime("%Y-%m", now + absl::Hours(24 * 365 * 5),
                                  absl::UTCTimeZone()));
    Schedule(issued_at, n);
    CardAtBank& card = cards_[token];
    card.card_id = app.card_id();
    token_of_[app.card_id()] = token;
    if (random_.Chance(options_.activation_share)) {
      CardNotification activated;
      activated.set_card_id(app.card_id());
      activated.set_kind(CardNotification::KIND_ACTIVATED);
      const absl::Time at = issued_at + options_.activation_delay;
      rpc::SetTimestamp(at, activated.mutable_time());
      Schedule(at, activated);
      card.active_from = at;
      active_tokens_.push_back(token);
    }
  }
  changed_ = true;
  wake_.notify_all();
  return grpc::Status::OK;
}

grpc::Status BankSimulator::ChangeCard(grpc::ServerContext* context,
                                       const ChangeCardRequest* request,
                                       bank::v1::CardChangeAck* response) {
  if (grpc::Status hung = WaitWhileHung(context); !hung.ok()) return hung;
  std::lock_guard<std::mutex> lock(mu_);
  grpc::Status refused;
  if (Refuse(context, &refused)) return refused;
  if (request->order_id().empty() ||
      request->action() == ChangeCardRequest::ACTION_UNSPECIFIED) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "order_id and action are required");
  }
  if (!orders_.emplace(request->order_id(), *request).second) {
    response->set_already_known(true);
    return grpc::Status::OK;
  }
  last_order_[request->card_id()] = request->action();
  changed_ = true;
  auto token = token_of_.find(request->card_id());
  if (token != token_of_.end()) {
    cards_[token->second].usable =
        request->action() == ChangeCardRequest::ACTION_UNFREEZE;
  }
  return grpc::Status::OK;
}

grpc::Status BankSimulator::SubmitPayouts(
    grpc::ServerContext* context, const bank::v1::SubmitPayoutsRequest* request,
    bank::v1::SubmitPayoutsResponse* response) {
  if (grpc::Status hung = WaitWhileHung(context); !hung.ok()) return hung;
  std::lock_guard<std::mutex> lock(mu_);
  grpc::Status refused;
  if (Refuse(context, &refused)) return refused;
  const absl::Time at = absl::Now() + options_.payout_delay;
  for (const bank::v1::Payout& payout : request->payouts()) {
    if (!payouts_seen_.insert(payout.idempotency_key()).second) {
      response->set_already_known(response->already_known() + 1);
      continue;
    }
    response->set_accepted(response->accepted() + 1);
    PayoutResult result;
    result.set_idempotency_key(payout.idempotency_key());
    rpc::SetTimestamp(at, result.mutable_time());
    auto card = cards_.find(payout.bank_token());
    if (card == cards_.end() || !card->second.usable ||
        payout.amount_fen() <= 0) {
      result.set_outcome(PayoutResult::OUTCOME_FAILED);
      result.set_reason(card == cards_.end()
                            ? "simulated: no such card"
                            : "simulated: card not usable or bad amount");
    } else {
      result.set_outcome(PayoutResult::OUTCOME_PAID);
      result.set_bank_reference(NextId("sim-pay-"));
      bank::v1::StatementLine line;
      line.set_idempotency_key(payout.idempotency_key());
      line.set_bank_token(payout.bank_token());
      line.set_amount_fen(payout.amount_fen());
      line.set_bank_reference(result.bank_reference());
      rpc::SetTimestamp(at, line.mutable_time());
      bookings_[payout.idempotency_key()] = {
          absl::ToCivilDay(at, rpc::ChinaTime()), line};
    }
    SchedulePayoutResult(at, result);
  }
  changed_ = true;
  wake_.notify_all();
  return grpc::Status::OK;
}

grpc::Status BankSimulator::GetStatement(
    grpc::ServerContext* context, const bank::v1::GetStatementRequest* request,
    bank::v1::Statement* response) {
  if (grpc::Status hung = WaitWhileHung(context); !hung.ok()) return hung;
  std::lock_guard<std::mutex> lock(mu_);
  grpc::Status refused;
  if (Refuse(context, &refused)) return refused;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(request->date(), &day)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "date must be YYYY-MM-DD");
  }
  response->set_date(request->date());
  for (const auto& [key, booking] : bookings_) {
    if (booking.day != day || dropped_from_statement_.count(key) > 0) continue;
    bank::v1::StatementLine* line = response->add_lines();
    *line = booking.line;
    auto altered = altered_amounts_.find(key);
    if (altered != altered_amounts_.end()) {
      line->set_amount_fen(altered->second);
    }
  }
  for (const Booking& extra : extra_lines_) {
    if (extra.day == day) *response->add_lines() = extra.line;
  }
  return grpc::Status::OK;
}

void BankSimulator::DropFromStatement(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  dropped_from_statement_.insert(key);
}

void BankSimulator::SetStatementAmount(const std::string& key, int64_t fen) {
  std::lock_guard<std::mutex> lock(mu_);
  altered_amounts_[key] = fen;
}

void BankSimulator::AddStatementLine(absl::CivilDay day,
                                     bank::v1::StatementLine line) {
  std::lock_guard<std::mutex> lock(mu_);
  extra_lines_.push_back({day, std::move(line)});
}

int BankSimulator::EmitTransactions(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t before = next_id_;
  MakeTransactions(n);
  changed_ = true;
  return static_cast<int>(next_id_ - before);
}

void BankSimulator::MakeTransactions(int n) {
  const absl::Time now = absl::Now();
  std::vector<const std::string*> active;
  for (const std::string& token : active_tokens_) {
    const CardAtBank& card = cards_[token];
    if (card.usable && card.active_from && *card.active_from <= now) {
      active.push_back(&token);
    }
  }
  if (active.empty()) return;
  for (int i = 0; i < n; ++i) {
    bank::v1::CardTransaction t;
    t.set_bank_transaction_id(NextId("sim-txn-"));
    t.set_bank_token(*active[random_.Below(active.size())]);
    t.set_bank_merchant_id(
        options_.merchant_ids.empty()
            ? "sim-merchant"
            : options_
                  .merchant_ids[random_.Below(options_.merchant_ids.size())]);
    t.set_amount_fen(random_.Between(500, 30000));
    rpc::SetTimestamp(now, t.mutable_time());
    transactions_.Push(now, t);
    if (random_.Chance(options_.duplicate_rate)) transactions_.Push(now, t);
  }
}

void BankSimulator::Run() {
  absl::Time last_tick = absl::Now();
  absl::Time last_save = last_tick;
  bool more_due = false;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (PauseBeforeNextCall(lock, more_due)) return;
      const absl::Time now = absl::Now();
      transaction_credit_ += options_.transactions_per_second *
                             absl::ToDoubleSeconds(now - last_tick);
      last_tick = now;
      if (transaction_credit_ >= 1) {
        const int n = static_cast<int>(transaction_credit_);
        transaction_credit_ -= n;
        MakeTransactions(n);
        changed_ = true;  // the id counter moved
      }
      if (now - last_save >= absl::Seconds(1)) {
        SaveIfChanged();
        last_save = now;
      }
    }
    const int per_call = std::max(1, options_.notifications_per_call);
    more_due = card_news_.DeliverDue(
                   [this](const std::vector<CardNotification>& due) {
                     bank::v1::NotifyCardsRequest batch;
                     for (const auto& n : due) *batch.add_notifications() = n;
                     bank::v1::NotificationAcks acks;
                     auto context = rpc::OutboundContext(absl::Seconds(5));
                     return AcksOf<CardNotification>(
                         card_svc_->NotifyCards(context.get(), batch, &acks),
                         acks, "cards");
                   },
                   per_call) == per_call;
    more_due |= payout_news_.DeliverDue(
                    [this](const std::vector<PayoutResult>& due) {
                      bank::v1::NotifyPayoutsRequest batch;
                      for (const auto& r : due) *batch.add_results() = r;
                      bank::v1::NotificationAcks acks;
                      auto context = rpc::OutboundContext(absl::Seconds(5));
                      return AcksOf<PayoutResult>(
                          card_svc_->NotifyPayouts(context.get(), batch, &acks),
                          acks, "payouts");
                    },
                    per_call) == per_call;
  }
}

void BankSimulator::SendTransactions() {
  constexpr int kPerCall = 1000;
  for (;;) {
    const int acknowledged = transactions_.DeliverDue(
        [this](const std::vector<bank::v1::CardTransaction>& due) {
          bank::v1::NotifyTransactionsRequest batch;
          for (const auto& t : due) *batch.add_transactions() = t;
          bank::v1::NotificationAcks acks;
          auto context = rpc::OutboundContext(absl::Seconds(5));
          return AcksOf<bank::v1::CardTransaction>(
              card_svc_->NotifyTransactions(context.get(), batch, &acks), acks,
              "transactions");
        },
        kPerCall);
    std::unique_lock<std::mutex> lock(mu_);
    if (PauseBeforeNextCall(lock, acknowledged == kPerCall)) return;
  }
}

bool BankSimulator::PauseBeforeNextCall(std::unique_lock<std::mutex>& lock,
                                        bool full_call_acknowledged) {
  // A full call acknowledged: more is likely due, so only the configured
  // pause; otherwise wait a while for news to become due.
  const auto wait =
      full_call_acknowledged
          ? absl::ToChronoMilliseconds(options_.pause_between_calls)
          : std::chrono::milliseconds(10);
  if (wait.count() > 0) {
    wake_.wait_for(lock, wait, [this] { return stopping_; });
  }
  return stopping_;
}

}  // namespace unioncard::banksim
