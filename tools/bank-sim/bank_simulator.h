#ifndef UNIONCARD_TOOLS_BANK_SIM_BANK_SIMULATOR_H_
#define UNIONCARD_TOOLS_BANK_SIM_BANK_SIMULATOR_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "bank/v1/bank.grpc.pb.h"
#include "tools/datagen/random.h"

namespace unioncard::banksim {

// How the simulated bank behaves; faults are off by default and switched
// on by tests.
struct BankSimOptions {
  uint64_t seed = 1;
  std::string card_svc_peer = "card-svc";  // who may submit applications
  absl::Duration issue_delay = absl::Milliseconds(20);
  absl::Duration activation_delay = absl::Milliseconds(20);
  double rejection_rate = 0;    // applications refused
  double activation_share = 1;  // issued cards that get activated
  double duplicate_rate = 0;    // notifications sent twice (new ids)
  double unavailable_rate = 0;  // SubmitApplications answers UNAVAILABLE
};

// tools/bank-sim: the partner bank for tests and local runs. It takes card
// applications over mutual TLS, then on its own thread issues or rejects
// each card and activates a share, notifying card-svc — resending
// notifications card-svc did not acknowledge. No card number exists here
// either: cards get a random token and last 4 digits.
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

  void Start();
  void Stop();

  // Counters for tests and the operator.
  int64_t applications() const;
  int64_t notifications_acknowledged() const;
  // Notifications still to be sent or resent.
  int64_t notifications_pending() const;

 private:
  struct Pending {
    absl::Time due;
    bank::v1::CardNotification notification;
  };
  void Run();
  void Schedule(absl::Time due, bank::v1::CardNotification n);
  std::string NextId();

  BankSimOptions options_;
  std::shared_ptr<bank::v1::BankNotifications::StubInterface> card_svc_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  datagen::Random random_;
  std::set<int64_t> known_cards_;
  std::deque<Pending> queue_;
  int64_t next_id_ = 0;
  int64_t acknowledged_ = 0;
  int64_t in_flight_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace unioncard::banksim

#endif  // UNIONCARD_TOOLS_BANK_SIM_BANK_SIMULATOR_H_
