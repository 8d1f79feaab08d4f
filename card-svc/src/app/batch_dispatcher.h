#ifndef UNIONCARD_CARD_SVC_SRC_APP_BATCH_DISPATCHER_H_
#define UNIONCARD_CARD_SVC_SRC_APP_BATCH_DISPATCHER_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "card-svc/src/app/batch_submitter.h"
#include "card-svc/src/store/issuance_batch_store.h"

namespace unioncard::card {

// Sends queued issuance batches to the bank, on a thread of its own: when
// woken (a batch was queued) and every `poll` (batches queued before a
// restart, or by another replica, and sends that failed). A batch stays
// QUEUED until the bank has taken it, so a crash at any point only means
// it is sent again — which the bank deduplicates by batch id.
class BatchDispatcher {
 public:
  BatchDispatcher(IssuanceBatchStore* batches, BatchSubmitter* submitter,
                  absl::Duration poll = absl::Seconds(2))
      : batches_(batches), submitter_(submitter), poll_(poll) {}
  ~BatchDispatcher() { Stop(); }

  void Start();
  void Stop();
  void Wake();

 private:
  void Run();
  void SendQueued();

  IssuanceBatchStore* batches_;
  BatchSubmitter* submitter_;
  absl::Duration poll_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_BATCH_DISPATCHER_H_
