#ifndef UNIONCARD_COMMON_DB_SAVEPOINTS_H_
#define UNIONCARD_COMMON_DB_SAVEPOINTS_H_

#include <cppconn/connection.h>

#include <functional>
#include <vector>

#include "absl/status/status.h"

namespace unioncard::db {

// Many independent changes in one transaction (one commit, one fsync),
// each inside a savepoint: a change that fails — a refused state move, a
// duplicate key — is rolled back alone and reported in its slot, the
// others stay. Errors that doom the whole transaction (deadlock, lost
// connection) are rethrown so ConnectionPool::InTransaction reruns or
// reports it. Call inside InTransaction.
std::vector<absl::Status> EachInSavepoint(
    sql::Connection& connection, size_t count,
    const std::function<absl::Status(size_t index)>& change);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_SAVEPOINTS_H_
