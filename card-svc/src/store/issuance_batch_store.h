#ifndef UNIONCARD_CARD_SVC_SRC_STORE_ISSUANCE_BATCH_STORE_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_ISSUANCE_BATCH_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "card-svc/src/domain/card_lifecycle.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace unioncard::card {

// Stored states; "complete" is not stored but seen from the cards.
enum class BatchState { kFilling = 1, kQueued = 2, kSent = 3 };

struct BatchItem {
  int64_t member_id = 0;
  int64_t card_id = 0;  // 0: no card was requested, see `problem`
  CardState card_state = CardState::kRequested;
  std::string problem;    // why no card was requested
  std::string card_note;  // the card's last reason (a rejection's reason)
};

struct IssuanceBatchRecord {
  int64_t id = 0;
  std::string org_id;
  std::string county_id;
  std::string org_path;
  BatchState state = BatchState::kFilling;
  std::string created_by;
  absl::Time created_at;
  std::optional<absl::Time> sent_at;
  int send_attempts = 0;
  std::string last_send_error;
  std::vector<BatchItem> items;  // by member id; only when asked for

  // Members whose card is still REQUESTED or SUBMITTED.
  int Waiting() const;
  bool Complete() const { return state == BatchState::kSent && Waiting() == 0; }
};

// Issuance batches (分批集中办理) in MySQL: a batch per grassroots union
// with one row per member, naming the card requested for them or why none
// was. A card belongs to at most one batch (a unique key).
class IssuanceBatchStore {
 public:
  explicit IssuanceBatchStore(db::ConnectionPool* pool) : pool_(pool) {}

  // A new FILLING batch; the same request_id returns the batch made the
  // first time (in whatever state it has reached).
  absl::StatusOr<IssuanceBatchRecord> Create(const auth::Principal& caller,
                                             const std::string& request_id,
                                             const std::string& org_id,
                                             const std::string& county_id,
                                             const std::string& org_path);

  // Adds a member with their card, unless the card already sits in another
  // batch; returns the batch the card is in (`batch_id`, or that other
  // one). Adding the same member and card again changes nothing; a row the
  // member has in the batch without a card (a problem noted earlier) takes
  // it. FAILED_PRECONDITION when the member is in the batch with another
  // card.
  absl::StatusOr<int64_t> AddCard(int64_t batch_id, int64_t member_id,
                                  int64_t card_id);
  // Adds members with cards requested for this batch (member, card), in
  // one statement; again changes nothing.
  absl::Status AddCards(int64_t batch_id,
                        const std::vector<std::pair<int64_t, int64_t>>& cards);
  // Adds a member for whom no card could be requested, with the reason.
  absl::Status AddProblem(int64_t batch_id, int64_t member_id,
                          const std::string& problem);
  // FILLING → QUEUED (audited). A batch already past FILLING is left as is.
  absl::Status MarkQueued(const auth::Principal& caller, int64_t batch_id);

  absl::StatusOr<IssuanceBatchRecord> Get(int64_t batch_id, bool with_items);
  // Newest first, ids below `before_id` (0 = from the newest), in the
  // subtree `org_path`.
  absl::StatusOr<std::vector<IssuanceBatchRecord>> List(
      const std::string& org_path, int64_t before_id, int limit);

  // Batches waiting to be sent, oldest first.
  absl::StatusOr<std::vector<int64_t>> Queued();
  absl::StatusOr<std::vector<int64_t>> CardIds(int64_t batch_id);
  // Notes a send attempt; a successful one makes the batch SENT.
  absl::Status RecordSendAttempt(int64_t batch_id, const absl::Status& result);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_ISSUANCE_BATCH_STORE_H_
