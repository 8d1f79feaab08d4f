#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_STORE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_STORE_H_

#include <cppconn/connection.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "assessment-svc/src/domain/assessment_workflow.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace unioncard::assessment {

// One revision of a year's annual assessment as stored: its inputs and
// result (protobuf JSON, kept exactly as computed) and its state.
struct AssessmentRecord {
  int year = 0;
  int revision = 0;
  AssessmentState state = AssessmentState::kDraft;
  std::string inputs_json;
  std::string result_json;
  std::string computed_by;
  absl::Time computed_at;
  // An input (regular items, incidents) changed after the draft was
  // computed: it must be recomputed before review.
  bool inputs_changed = false;
};

struct StepRecord {
  int revision = 0;
  WorkflowStep step = WorkflowStep::kRecompute;
  AssessmentState from = AssessmentState::kDraft;
  AssessmentState to = AssessmentState::kDraft;
  std::string actor;
  absl::Time at;
  std::string note;
};

// In the caller's transaction, before an input of `year` changes: refuses
// with FAILED_PRECONDITION once the year's inputs are locked; otherwise
// marks a draft as computed from older inputs. Locks the latest revision,
// so a review waits for the edit, or the edit for the review.
absl::Status ChangeInputsOf(sql::Connection& connection, int year);

// The annual assessments: every revision kept; a published one is frozen
// by a trigger; each step appended to an append-only history.
class AssessmentStore {
 public:
  explicit AssessmentStore(db::ConnectionPool* pool) : pool_(pool) {}

  // The revision as a step leaves it, and the step. A record with a
  // revision above the latest is a new revision; otherwise it replaces the
  // latest.
  struct Change {
    AssessmentRecord record;
    StepRecord step;
  };
  // Decides on the year's latest revision (none yet: nullopt). Returning no
  // change means there is nothing to do (a retried step).
  using Decide = std::function<absl::StatusOr<std::optional<Change>>(
      const std::optional<AssessmentRecord>& latest)>;

  // Runs `decide` with the latest revision locked and writes its change,
  // step and audit row in the same transaction. Returns the latest
  // revision after it.
  absl::StatusOr<AssessmentRecord> Apply(const auth::Principal& caller,
                                         int year, const Decide& decide);

  // `revision` 0 for the latest; nullopt when there is none.
  absl::StatusOr<std::optional<AssessmentRecord>> Get(int year, int revision);
  absl::StatusOr<std::vector<int>> Revisions(int year);
  absl::StatusOr<std::vector<StepRecord>> History(int year);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_STORE_H_
