#include "card-svc/src/app/batch_dispatcher.h"

#include "absl/strings/str_cat.h"
#include "common/log/json_log.h"

namespace unioncard::card {

void BatchDispatcher::SendQueued(const std::function<bool()>& stopping) {
  absl::StatusOr<std::vector<int64_t>> queued = batches_->Queued();
  if (!queued.ok()) {
    log::Warn("queued batches unavailable",
              {{"error", queued.status().ToString()}});
    return;
  }
  for (int64_t batch_id : *queued) {
    if (stopping()) return;
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
