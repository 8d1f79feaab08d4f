#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_ASSESSOR_ENTRIES_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_ASSESSOR_ENTRIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/assessment_access.h"
#include "assessment-svc/src/store/incident_store.h"
#include "assessment-svc/src/store/regular_items_store.h"
#include "common/auth/principal.h"

namespace unioncard::assessment {

// One unit's regular items of a year with its incidents counted.
struct RegularItemsRow {
  std::string unit_code;
  RegularItemsRecord entry;
  IncidentCounts incidents;
};

// What the assessors enter for the annual score (docs/rules.md §6.5):
// leadership and measures per unit and year, and dated omissions and
// criticism notices, from which the year's counts are taken.
class AssessorEntries {
 public:
  AssessorEntries(RegularItemsStore* regular_items, IncidentStore* incidents,
                  AssessmentAccess access = {})
      : regular_items_(regular_items), incidents_(incidents), access_(access) {}

  absl::Status SetRegularItems(const auth::Principal& caller, int year,
                               const std::string& unit_code,
                               const RegularItems& items) const;
  // By unit code.
  absl::StatusOr<std::vector<RegularItemsRow>> RegularItemsOf(
      const auth::Principal& caller, int year) const;

  absl::StatusOr<Incident> AddIncident(const auth::Principal& caller,
                                       const std::string& request_id,
                                       const Incident& incident) const;
  absl::StatusOr<Incident> WithdrawIncident(const auth::Principal& caller,
                                            int64_t id,
                                            const std::string& reason) const;
  // `unit_code` empty for every unit.
  absl::StatusOr<std::vector<Incident>> IncidentsOf(
      const auth::Principal& caller, int year,
      const std::string& unit_code) const;

 private:
  RegularItemsStore* regular_items_;
  IncidentStore* incidents_;
  AssessmentAccess access_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_ASSESSOR_ENTRIES_H_
