#ifndef UNIONCARD_TOOLS_BANK_SIM_BANK_SIMULATOR_H_
#define UNIONCARD_TOOLS_BANK_SIM_BANK_SIMULATOR_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bank/v1/bank.grpc.pb.h"
#include "tools/bank-sim/delivery_queue.h"
#include "tools/datagen/random.h"

namespace unioncard::banksim {

// How the simulated bank behaves; faults are off by default and switched
// on by tests.
struct BankSimOptions {
  uint64_t seed = 1;
  std::string card_svc_peer = "card-svc";  // who may call the bank
  absl::Duration issue_delay = absl::Milliseconds(20);
  absl::Duration activation_delay = absl::Milliseconds(20);
  absl::Duration payout_delay = absl::Milliseconds(20);
  double rejection_rate = 0;    // applications refused
  double activation_share = 1;  // issued cards that get activated
  double duplicate_rate = 0;    // notifications sent twice (new ids)
  // Card news held back by up to `reorder_delay`, so later news (an
  // activation) may overtake earlier news (the issue).
  double reorder_rate = 0;
  absl::Duration reorder_delay = absl::Milliseconds(300);
  double unavailable_rate = 0;  // calls answered UNAVAILABLE
  // Payout results the bank books but never reports (as if card-svc lost
  // them): card-svc must find them on the statement.
  double lost_payout_report_rate = 0;
  int notifications_per_call = 200;  // card and payout news per call
  // The sender goes straight on while full calls are acknowledged; this
  // pause between calls holds it back (tests whose news must trickle in
  // so that a kill lands mid-way).
  absl::Duration pause_between_calls = absl::ZeroDuration();
  // Card transactions: a steady stream at these merchants, spread over
  // the activated cards.
  std::vector<std::string> merchant_ids;
  double transactions_per_second = 0;
  // Calls of up to 1,000 transactions each that may be awaiting card-svc's
  // answer at once (a bank's notifier keeps several connections busy).
  int transaction_pages_in_flight = 2;
  // Where the bank keeps what it knows (cards, payouts) across restarts;
  // empty: in memory only (tests).
  std::string state_file;
};

// tools/bank-sim: the partner bank for tests and local runs. It takes card
// applications, card changes and payouts over mutual TLS; on its own
// thread it issues or rejects each card, activates a share, pays or fails
// payouts and reports card transactions, resending whatever card-svc did
// not acknowledge. No card number exists here either: cards get a random
// token and last 4 digits.
class BankSimulator final : public bank::v1::PartnerBank::Service {
 public:
  BankSimulator(
      BankSimOptions options,
      std::shared_ptr<bank::v1::BankNotifications::StubInterface> card_svc);
  ~BankSimulator() override;

  grpc::Status SubmitApplications(
      grpc::ServerContext* context,
      const bank::v1::SubmitApplicationsRequest* request,
      bank::v1::SubmitApplicationsResponse* response) override;
  grpc::Status ChangeCard(grpc::ServerContext* context,
                          const bank::v1::ChangeCardRequest* request,
                          bank::v1::CardChangeAck* response) override;
  grpc::Status SubmitPayouts(
      grpc::ServerContext* context,
      const bank::v1::SubmitPayoutsRequest* request,
      bank::v1::SubmitPayoutsResponse* response) override;
  grpc::Status GetStatement(grpc::ServerContext* context,
                            const bank::v1::GetStatementRequest* request,
                            bank::v1::Statement* response) override;

  // Loads state_file when it exists (call before Start).
  absl::Status Load();
  void Start();
  void Stop();

  // Counters for tests and the operator.
  int64_t applications() const;
  int64_t card_orders() const;  // distinct orders taken
  std::optional<bank::v1::ChangeCardRequest::Action> LastOrderFor(
      int64_t card_id) const;
  int64_t payouts_booked() const;  // distinct keys paid
  int64_t notifications_acknowledged() const;
  int64_t transactions_acknowledged() const;
  // Notifications still to be sent or resent.
  int64_t notifications_pending() const;

  // Makes `n` card transactions now, on activated cards; returns how many
  // (0 when no card is active). For tests and benchmarks.
  int EmitTransactions(int n);

  // A bank that stops answering (fault tests): while hung, every call to
  // the bank waits — until the caller's deadline, or until unhung.
  void SetHung(bool hung) { hung_ = hung; }

  // Planted statement differences, for reconciliation tests.
  void DropFromStatement(const std::string& idempotency_key);
  void SetStatementAmount(const std::string& idempotency_key, int64_t fen);
  void AddStatementLine(absl::CivilDay day, bank::v1::StatementLine line);

 private:
  struct CardAtBank {
    int64_t card_id = 0;
    std::optional<absl::Time> active_from;
    bool usable = true;  // not frozen, lost or cancelled
  };
  struct Booking {
    absl::CivilDay day;
    bank::v1::StatementLine line;
  };

  bool Refuse(grpc::ServerContext* context, grpc::Status* status);
  // Waits while the bank is hung; CANCELLED when the caller gave up.
  grpc::Status WaitWhileHung(grpc::ServerContext* context) const;
  // Writes state_file when something changed (under mu_).
  void SaveIfChanged();
  void Run();               // makes transactions, delivers card and payout news
  void SendTransactions();  // one of the transaction senders
  // Waits (holding `lock` on mu_) before a sender's next call; true when
  // the simulator is stopping.
  bool PauseBeforeNextCall(std::unique_lock<std::mutex>& lock,
                           bool full_call_acknowledged);
  // Queues a card notification (twice, at duplicate_rate).
  void Schedule(absl::Time due, bank::v1::CardNotification n);
  void SchedulePayoutResult(absl::Time due, bank::v1::PayoutResult r);
  void MakeTransactions(int n);  // under mu_
  std::string NextId(const char* prefix);

  BankSimOptions options_;
  std::atomic<bool> hung_{false};
  std::shared_ptr<bank::v1::BankNotifications::StubInterface> card_svc_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  datagen::Random random_;
  std::set<int64_t> known_cards_;
  std::map<std::string, CardAtBank> cards_;  // by token
  std::map<int64_t, std::string> token_of_;  // card id → token
  std::vector<std::string> active_tokens_;   // for transactions
  std::map<std::string, bank::v1::ChangeCardRequest> orders_;  // by order id
  std::map<int64_t, bank::v1::ChangeCardRequest::Action> last_order_;
  std::map<std::string, Booking> bookings_;  // by idempotency key
  std::set<std::string> payouts_seen_;
  std::set<std::string> dropped_from_statement_;
  std::map<std::string, int64_t> altered_amounts_;
  std::vector<Booking> extra_lines_;
  int64_t next_id_ = 0;
  double transaction_credit_ = 0;
  bool stopping_ = false;
  bool changed_ = false;  // state_file is behind
  DeliveryQueue<bank::v1::CardNotification> card_news_;
  DeliveryQueue<bank::v1::PayoutResult> payout_news_;
  DeliveryQueue<bank::v1::CardTransaction> transactions_;
  std::thread worker_;
  std::vector<std::thread> transaction_senders_;
};

}  // namespace unioncard::banksim

#endif  // UNIONCARD_TOOLS_BANK_SIM_BANK_SIMULATOR_H_
