#include "card-svc/src/app/batch_dispatcher.h"

#include "absl/strings/str_cat.h"
#include "common/log/json_log.h"

namespace unioncard::card {

void BatchDispatcher::Start() {
  thread_ = std::thread([this] { Run(); });
}

void BatchDispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BatchDispatcher::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

void BatchDispatcher::Run() {
  for (;;) {
    SendQueued();
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, absl::ToChronoMilliseconds(poll_),
                   [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

void BatchDispatcher::SendQueued() {
  absl::StatusOr<std::vector<int64_t>> queued = batches_->Queued();
  if (!queued.ok()) {
    log::Warn("queued batches unavailable",
              {{"error", queued.status().ToString()}});
    return;
  }
  for (int64_t batch_id : *queued) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    absl::StatusOr<std::vector<int64_t>> cards = batches_->CardIds(batch_id);
    absl::Status sent =
        cards.ok()
            ? submitter_->Submit(absl::StrCat("batch-", batch_id), *cards)
            : cards.status();
    if (!sent.ok()) {
      log::Warn("batch not sent; will try again",
                {{"batch_id", batch_id}, {"error", sent.ToString()}});
    }
    if (absl::Status noted = batches_->RecordSendAttempt(batch_id, sent);
        !noted.ok()) {
      log::Warn("batch send not recorded",
                {{"batch_id", batch_id}, {"error", noted.ToString()}});
    }
  }
}

}  // namespace unioncard::card
