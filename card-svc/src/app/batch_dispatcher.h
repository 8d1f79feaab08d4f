#ifndef UNIONCARD_CARD_SVC_SRC_APP_BATCH_DISPATCHER_H_
#define UNIONCARD_CARD_SVC_SRC_APP_BATCH_DISPATCHER_H_

#include <functional>

#include "card-svc/src/app/batch_submitter.h"
#include "card-svc/src/store/issuance_batch_store.h"

namespace unioncard::card {

// One round of sending queued issuance batches to the bank (run by a
// PeriodicWorker). A batch stays QUEUED until the bank has taken it, so a
// crash at any point only means it is sent again — which the bank
// deduplicates by batch id.
class BatchDispatcher {
 public:
  BatchDispatcher(IssuanceBatchStore* batches, BatchSubmitter* submitter)
      : batches_(batches), submitter_(submitter) {}

  void SendQueued(const std::function<bool()>& stopping);

 private:
  IssuanceBatchStore* batches_;
  BatchSubmitter* submitter_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_BATCH_DISPATCHER_H_
