#ifndef UNIONCARD_MEMBER_SVC_SRC_STORE_SCHEMA_H_
#define UNIONCARD_MEMBER_SVC_SRC_STORE_SCHEMA_H_

#include <vector>

#include "common/db/event_outbox.h"
#include "common/db/migrations.h"

namespace unioncard::member {

// The member change feed's table.
const db::EventOutbox& MemberEventOutbox();

// member-svc's schema, applied at start. Append only; never edit a shipped
// migration.
std::vector<db::Migration> MemberSchema();

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_STORE_SCHEMA_H_
