#ifndef UNIONCARD_CARD_SVC_SRC_APP_ISSUANCE_BATCHES_H_
#define UNIONCARD_CARD_SVC_SRC_APP_ISSUANCE_BATCHES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "card-svc/src/app/member_directory.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/store/card_store.h"
#include "card-svc/src/store/issuance_batch_store.h"

namespace unioncard::card {

// Making an issuance batch for a grassroots union (分批集中办理): a card is
// requested for each member — every approved member of the union without
// a card, or the members named — and the batch is queued for the bank
// (BatchDispatcher sends it). Each step is idempotent, so a call cut short
// by a crash or a timeout is finished by retrying it with the same
// request_id; the members already handled are not handled twice.
class IssuanceBatches {
 public:
  IssuanceBatches(CardStore* cards, IssuanceBatchStore* batches,
                  const MemberDirectory* members,
                  std::function<void()> on_queued, size_t page_size = 500,
                  CardAccess access = {})
      : cards_(cards),
        batches_(batches),
        members_(members),
        on_queued_(std::move(on_queued)),
        page_size_(page_size),
        access_(access) {}

  // INVALID_ARGUMENT naming org_id or member_ids; NOT_FOUND for an unknown
  // union; FAILED_PRECONDITION for a closed one; PERMISSION_DENIED outside
  // the caller's county. A named member who cannot get a card is a row of
  // the batch with the reason, not an error of the call.
  absl::StatusOr<IssuanceBatchRecord> Create(
      const auth::Principal& caller, const std::string& request_id,
      const std::string& org_id, const std::vector<int64_t>& member_ids);

  // With its items; PERMISSION_DENIED outside the caller's unit.
  absl::StatusOr<IssuanceBatchRecord> Get(const auth::Principal& caller,
                                          int64_t batch_id);

  // The batches of `org_id`'s subtree ("": the caller's unit), newest
  // first, ids below `before_id` (0: from the newest), at most `limit`;
  // each with its items, for the counts.
  absl::StatusOr<std::vector<IssuanceBatchRecord>> List(
      const auth::Principal& caller, const std::string& org_id,
      int64_t before_id, int limit);

 private:
  // Requests the members' cards (one transaction) and adds them to the
  // batch. `named`: the clerk asked for these members, so a refusal becomes
  // a row with the reason (otherwise members who cannot have a card, or
  // hold one already, are simply passed).
  absl::Status AddMembers(const auth::Principal& caller,
                          const IssuanceBatchRecord& batch,
                          const std::vector<member::v1::Member>& members,
                          bool named);

  CardStore* cards_;
  IssuanceBatchStore* batches_;
  const MemberDirectory* members_;
  std::function<void()> on_queued_;
  size_t page_size_;  // members whose cards are requested in one transaction
  CardAccess access_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_ISSUANCE_BATCHES_H_
