#ifndef UNIONCARD_CARD_SVC_SRC_APP_BATCH_SUBMITTER_H_
#define UNIONCARD_CARD_SVC_SRC_APP_BATCH_SUBMITTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bank/v1/bank.grpc.pb.h"
#include "card-svc/src/store/card_store.h"

namespace unioncard::card {

// Sends a batch of requested cards to the bank (分批集中办理). The cards are
// marked SUBMITTED first, so the bank's notifications always find them in
// that state; then the batch goes out, and goes out again — with the same
// batch id, which the bank deduplicates — until the bank has it.
class BatchSubmitter {
 public:
  BatchSubmitter(CardStore* cards,
                 std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank,
                 auth::Principal service, int max_attempts = 8)
      : cards_(cards),
        bank_(std::move(bank)),
        service_(std::move(service)),
        max_attempts_(max_attempts) {}

  // UNAVAILABLE when the bank could not be reached after every attempt
  // (the cards stay SUBMITTED; calling again with the same batch id is safe).
  absl::Status Submit(const std::string& batch_id,
                      const std::vector<int64_t>& card_ids);

 private:
  CardStore* cards_;
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank_;
  auth::Principal service_;
  int max_attempts_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_BATCH_SUBMITTER_H_
