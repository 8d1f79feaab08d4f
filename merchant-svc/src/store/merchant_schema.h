#ifndef UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_SCHEMA_H_
#define UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_SCHEMA_H_

#include <vector>

#include "common/db/migrations.h"

namespace unioncard::merchant {

// merchant-svc's tables, in order.
std::vector<db::Migration> MerchantSchema();

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_STORE_MERCHANT_SCHEMA_H_
