#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_REGULAR_ITEMS_STORE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_REGULAR_ITEMS_STORE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/annual_assessment.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace unioncard::assessment {

struct RegularItemsRecord {
  RegularItems items;
  std::string updated_by;
};

// The assessors' leadership and measures per unit and year, in MySQL;
// entering a unit's items again replaces them (audited). Refused
// (FAILED_PRECONDITION) once the year's assessment is under review. The
// omissions and criticisms columns are no longer written (always 0): they
// are counted from the dated incidents.
class RegularItemsStore {
 public:
  explicit RegularItemsStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status Set(const auth::Principal& caller, int year,
                   const std::string& unit_code, const RegularItems& items);
  // By unit code.
  absl::StatusOr<std::map<std::string, RegularItemsRecord>> OfYear(int year);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_REGULAR_ITEMS_STORE_H_
