#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PLAN_STORE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PLAN_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace unioncard::assessment {

struct PlanUnitRow {
  int year = 0;
  std::string unit_code;
  std::string coverage_target;  // "40" (%), cumulative
  int64_t members_base = 0;
  int64_t plan = 0;  // cards to issue in the year
};

struct StoredPlan {
  int64_t plan_id = 0;
  int first_year = 0;
  int last_year = 0;
  bool approved = false;
  std::string created_by;
  std::string approved_by;
  std::vector<PlanUnitRow> units;  // by year, then unit code
};

// Generated plans for new periods: drafts are edited unit by unit; an
// approved plan is frozen and is the plan of its years.
class PlanStore {
 public:
  explicit PlanStore(db::ConnectionPool* pool) : pool_(pool) {}

  // A retry with the same request id returns the first plan.
  absl::StatusOr<StoredPlan> Create(const auth::Principal& caller,
                                    const std::string& request_id,
                                    const StoredPlan& plan);
  // NOT_FOUND for an unknown plan.
  absl::StatusOr<StoredPlan> Get(int64_t plan_id);
  // FAILED_PRECONDITION once approved; NOT_FOUND for a unit or year the
  // plan does not have.
  absl::StatusOr<StoredPlan> UpdateUnit(const auth::Principal& caller,
                                        int64_t plan_id, int year,
                                        const std::string& unit_code,
                                        int64_t plan);
  // Approves a draft after `check` accepts it (under lock); refuses
  // (FAILED_PRECONDITION) when an approved plan already covers one of its
  // years. Approving an approved plan again changes nothing.
  absl::StatusOr<StoredPlan> Approve(
      const auth::Principal& caller, int64_t plan_id,
      const std::function<absl::Status(const StoredPlan&)>& check);
  // The approved plan covering `year`, if any.
  absl::StatusOr<std::optional<StoredPlan>> ApprovedFor(int year);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PLAN_STORE_H_
