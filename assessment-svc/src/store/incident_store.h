#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_INCIDENT_STORE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_INCIDENT_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "assessment-svc/src/domain/annual_assessment.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace unioncard::assessment {

struct Incident {
  int64_t id = 0;
  std::string unit_code;
  IncidentKind kind = IncidentKind::kOmission;
  absl::CivilDay day;
  std::string note;
  std::string entered_by;
  std::optional<std::string> withdrawn_reason;
};

// Omissions and criticism notices per unit, dated, with notes. An entry
// made in error is withdrawn (kept, no longer counted), never deleted.
// Entries of a year whose assessment is under review or later are refused
// (FAILED_PRECONDITION): the inputs are locked.
class IncidentStore {
 public:
  explicit IncidentStore(db::ConnectionPool* pool) : pool_(pool) {}

  // A retry with the same request id returns the first entry.
  absl::StatusOr<Incident> Add(const auth::Principal& caller,
                               const std::string& request_id,
                               const Incident& incident);
  // NOT_FOUND for an unknown id; withdrawing twice changes nothing.
  absl::StatusOr<Incident> Withdraw(const auth::Principal& caller, int64_t id,
                                    const std::string& reason);
  // By day, then id; `unit_code` empty for every unit.
  absl::StatusOr<std::vector<Incident>> OfYear(int year,
                                               const std::string& unit_code);

 private:
  db::ConnectionPool* pool_;
};

// The year's counts per unit of the entries not withdrawn.
struct IncidentCounts {
  int omissions = 0;
  int criticisms = 0;
};
std::map<std::string, IncidentCounts> CountIncidents(
    const std::vector<Incident>& incidents);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_INCIDENT_STORE_H_
