#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_SCHEMA_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_SCHEMA_H_

#include <vector>

#include "common/db/migrations.h"

namespace unioncard::assessment {

// assessment-svc's tables, in migration order.
std::vector<db::Migration> AssessmentSchema();

// Fills the empty daily_cards from the per-card rows (first_issues,
// card_spans, activations): migration 8 back-fills with it, and the bulletin
// benchmark after loading cards in bulk.
extern const char kRebuildDailyCards[];

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_SCHEMA_H_
