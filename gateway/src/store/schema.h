#ifndef UNIONCARD_GATEWAY_SRC_STORE_SCHEMA_H_
#define UNIONCARD_GATEWAY_SRC_STORE_SCHEMA_H_

#include <vector>

#include "common/db/migrations.h"

namespace unioncard::gateway {

// The gateway's own schema: staff accounts, server-side sessions and the
// append-only audit log of everything done through the gateway.
std::vector<db::Migration> GatewaySchema();

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_STORE_SCHEMA_H_
