#ifndef UNIONCARD_TOOLS_BANK_SIM_DELIVERY_QUEUE_H_
#define UNIONCARD_TOOLS_BANK_SIM_DELIVERY_QUEUE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bank/v1/bank.pb.h"

namespace unioncard::banksim {

// Messages the bank owes card-svc (card news, payout results,
// transactions), each resent until card-svc acknowledges it — as a real
// bank's notification system does.
template <typename Message>
class DeliveryQueue {
 public:
  // Sends a batch; returns the acks by notification id (empty when the
  // call failed as a whole).
  using Send = std::function<std::map<std::string, int>(
      const std::vector<Message>& batch)>;

  void Push(absl::Time due, Message m) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.emplace(due, std::move(m));
  }

  // Sends what is due (up to `max`), keeps what was not acknowledged;
  // returns how many were acknowledged (0 when the call failed). Several
  // threads may deliver at once (pages in flight side by side).
  int DeliverDue(const Send& send, int max = 200) {
    std::vector<Message> due;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const absl::Time now = absl::Now();
      while (!queue_.empty() && queue_.begin()->first <= now &&
             static_cast<int>(due.size()) < max) {
        due.push_back(std::move(queue_.begin()->second));
        queue_.erase(queue_.begin());
      }
      in_flight_ += static_cast<int64_t>(due.size());
    }
    if (due.empty()) return 0;
    const std::map<std::string, int> acks = send(due);
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_ -= static_cast<int64_t>(due.size());
    int acknowledged = 0;
    for (Message& m : due) {
      auto code = acks.find(IdOf(m));
      // Applied (0), a repeat (6) or stale (9): done. Anything else: later.
      if (code != acks.end() &&
          (code->second == 0 || code->second == 6 || code->second == 9)) {
        ++acknowledged;
      } else {
        queue_.emplace(absl::Now() + absl::Milliseconds(200), std::move(m));
      }
    }
    acknowledged_ += acknowledged;
    return acknowledged;
  }

  int64_t pending() const {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int64_t>(queue_.size()) + in_flight_;
  }
  int64_t acknowledged() const {
    std::lock_guard<std::mutex> lock(mu_);
    return acknowledged_;
  }

 private:
  static std::string IdOf(const bank::v1::CardNotification& m) {
    return m.notification_id();
  }
  static std::string IdOf(const bank::v1::PayoutResult& m) {
    return m.notification_id();
  }
  static std::string IdOf(const bank::v1::CardTransaction& m) {
    return m.bank_transaction_id();
  }

  mutable std::mutex mu_;
  // By due time; messages due at the same time keep the order they were
  // pushed in (a multimap inserts at the end of an equal range).
  std::multimap<absl::Time, Message> queue_;
  int64_t in_flight_ = 0;
  int64_t acknowledged_ = 0;
};

}  // namespace unioncard::banksim

#endif  // UNIONCARD_TOOLS_BANK_SIM_DELIVERY_QUEUE_H_
