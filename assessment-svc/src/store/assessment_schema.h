#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_SCHEMA_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_SCHEMA_H_

#include <vector>

#include "common/db/migrations.h"

namespace unioncard::assessment {

// assessment-svc's tables, in migration order.
std::vector<db::Migration> AssessmentSchema();

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_SCHEMA_H_
