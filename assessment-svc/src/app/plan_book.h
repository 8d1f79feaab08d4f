#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_PLAN_BOOK_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_PLAN_BOOK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/store/plan_store.h"
#include "assessment/v1/assessment.pb.h"
#include "common/reference/county_plan.h"

namespace unioncard::assessment {

// Which plan applies to a year: the shipped 2016–2018 plan, or the approved
// generated plan covering it. Also the county units' codes and names.
class PlanBook {
 public:
  PlanBook(std::vector<reference::CountyPlan> shipped, PlanStore* generated)
      : shipped_(std::move(shipped)), generated_(generated) {}

  bool IsShippedYear(int year) const;
  // FAILED_PRECONDITION when no plan covers `year`.
  absl::StatusOr<std::vector<v1::PlanUnit>> PlanFor(int year) const;

  std::vector<std::string> UnitCodes() const;
  bool IsUnit(const std::string& unit_code) const;
  std::string NameOf(const std::string& unit_code) const;

 private:
  std::vector<reference::CountyPlan> shipped_;
  PlanStore* generated_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_PLAN_BOOK_H_
