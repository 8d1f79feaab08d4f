#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_PLAN_APPORTIONMENT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_PLAN_APPORTIONMENT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/exact.h"

namespace unioncard::assessment {

// GeneratePlan's arithmetic: each unit's cumulative target is its real-name
// members × the coverage target, in whole hundreds of cards, apportioned so
// that the units add up to the city total rounded (half up) to hundreds.
// Hundreds left after flooring every quota go to the largest remainders
// (ties: more members first, then list order). INVALID_ARGUMENT for
// negative members or a coverage outside 0–100%.
absl::StatusOr<std::vector<int64_t>> ApportionToHundreds(
    const std::vector<int64_t>& members, const Ratio& coverage);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_PLAN_APPORTIONMENT_H_
