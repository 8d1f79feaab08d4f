#ifndef UNIONCARD_MERCHANT_SVC_SRC_STORE_RATING_STORE_H_
#define UNIONCARD_MERCHANT_SVC_SRC_STORE_RATING_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"
#include "merchant-svc/src/domain/merchant_evaluation.h"

namespace unioncard::merchant {

struct InspectionRecord {
  int64_t id = 0;
  int64_t merchant_id = 0;
  int score = 0;
  std::string notes;
  std::string inspector;
  absl::Time at;
};

// Ratings (会员评议), inspections (日常考评) and the evaluations computed
// from them, in MySQL.
class RatingStore {
 public:
  explicit RatingStore(db::ConnectionPool* pool) : pool_(pool) {}

  // One per member, merchant and calendar month: true when it replaced an
  // earlier rating of that month, which only `edit` may do (otherwise
  // ALREADY_EXISTS and nothing changes).
  absl::StatusOr<bool> Rate(int64_t merchant_id, int64_t member_id, int stars,
                            const std::string& comment, absl::CivilDay day,
                            bool edit);
  // The merchant's ratings up to `day` (the evaluation applies its window).
  absl::StatusOr<std::vector<Rating>> RatingsUpTo(int64_t merchant_id,
                                                  absl::CivilDay day);

  absl::StatusOr<InspectionRecord> RecordInspection(
      const auth::Principal& caller, const std::string& request_id,
      int64_t merchant_id, int score, const std::string& notes);

  // The latest evaluation before `day`, if any.
  absl::StatusOr<std::optional<Evaluation>> EvaluationBefore(
      int64_t merchant_id, absl::CivilDay day);
  absl::StatusOr<std::optional<Evaluation>> LatestEvaluation(
      int64_t merchant_id);
  // Stored for (merchant, day); running a day again replaces it.
  absl::Status SaveEvaluation(int64_t merchant_id, const Evaluation& e);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_STORE_RATING_STORE_H_
