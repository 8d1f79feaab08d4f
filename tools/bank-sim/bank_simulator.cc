#include "tools/bank-sim/bank_simulator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/log/json_log.h"

namespace unioncard::banksim {
namespace {

using bank::v1::CardNotification;

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  out->set_seconds(absl::ToUnixSeconds(t));
}

}  // namespace

BankSimulator::BankSimulator(
    BankSimOptions options,
    std::shared_ptr<bank::v1::BankNotifications::StubInterface> card_svc)
    : options_(std::move(options)),
      card_svc_(std::move(card_svc)),
      random_(options_.seed) {}

BankSimulator::~BankSimulator() { Stop(); }

void BankSimulator::Start() {
  worker_ = std::thread([this] { Run(); });
}

void BankSimulator::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

int64_t BankSimulator::applications() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(known_cards_.size());
}

int64_t BankSimulator::notifications_acknowledged() const {
  std::lock_guard<std::mutex> lock(mu_);
  return acknowledged_;
}

int64_t BankSimulator::notifications_pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(queue_.size()) + in_flight_;
}

std::string BankSimulator::NextId() { return absl::StrCat("n", ++next_id_); }

void BankSimulator::Schedule(absl::Time due, CardNotification n) {
  n.set_notification_id(NextId());
  queue_.push_back({due, n});
  if (random_.Chance(options_.duplicate_rate)) {
    // The same news again under a new id, a little later.
    n.set_notification_id(NextId());
    queue_.push_back({due + absl::Milliseconds(5), n});
  }
}

grpc::Status BankSimulator::SubmitApplications(
    grpc::ServerContext* context,
    const bank::v1::SubmitApplicationsRequest* request,
    bank::v1::SubmitApplicationsResponse* response) {
  if (rpc::PeerCertificateName(*context) != options_.card_svc_peer) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "unknown client certificate");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (random_.Chance(options_.unavailable_rate)) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "simulated: bank busy, try again");
  }
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
    SetTime(issued_at, n.mutable_time());
    if (random_.Chance(options_.rejection_rate)) {
      n.set_kind(CardNotification::REJECTED);
      n.set_reason("simulated: documents incomplete");
      Schedule(issued_at, n);
      continue;
    }
    n.set_kind(CardNotification::ISSUED);
    n.set_bank_token(absl::StrFormat("sim-%016x", random_.Next()));
    n.set_last4(
        absl::StrFormat("%04d", static_cast<int>(random_.Below(10000))));
    n.set_expiry(absl::FormatTime("%Y-%m", now + absl::Hours(24 * 365 * 5),
                                  absl::UTCTimeZone()));
    Schedule(issued_at, n);
    if (random_.Chance(options_.activation_share)) {
      CardNotification activated;
      activated.set_card_id(app.card_id());
      activated.set_kind(CardNotification::ACTIVATED);
      const absl::Time at = issued_at + options_.activation_delay;
      SetTime(at, activated.mutable_time());
      Schedule(at, activated);
    }
  }
  wake_.notify_all();
  return grpc::Status::OK;
}

void BankSimulator::Run() {
  for (;;) {
    std::vector<Pending> due;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(10),
                     [this] { return stopping_; });
      if (stopping_) return;
      const absl::Time now = absl::Now();
      std::stable_sort(
          queue_.begin(), queue_.end(),
          [](const Pending& a, const Pending& b) { return a.due < b.due; });
      while (!queue_.empty() && queue_.front().due <= now && due.size() < 200) {
        due.push_back(queue_.front());
        queue_.pop_front();
      }
      in_flight_ = static_cast<int64_t>(due.size());
    }
    if (due.empty()) continue;
    bank::v1::CardNotifications batch;
    for (const Pending& p : due) *batch.add_notifications() = p.notification;
    bank::v1::NotificationAcks acks;
    auto context = rpc::OutboundContext(absl::Seconds(5));
    grpc::Status status = card_svc_->NotifyCards(context.get(), batch, &acks);
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_ = 0;
    std::map<std::string, int> code_of;
    for (const auto& ack : acks.acks())
      code_of[ack.notification_id()] = ack.code();
    for (const Pending& p : due) {
      auto code = code_of.find(p.notification.notification_id());
      const bool done =
          status.ok() && code != code_of.end() &&
          (code->second == 0 || code->second == 6 || code->second == 9);
      if (done) {
        ++acknowledged_;
      } else {
        // Not taken: resend in a while.
        queue_.push_back(
            {absl::Now() + absl::Milliseconds(200), p.notification});
      }
    }
    if (!status.ok()) {
      log::Warn("card-svc did not take notifications",
                {{"error", status.error_message()}});
    }
  }
}

}  // namespace unioncard::banksim
