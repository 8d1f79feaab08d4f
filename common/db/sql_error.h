#ifndef UNIONCARD_COMMON_DB_SQL_ERROR_H_
#define UNIONCARD_COMMON_DB_SQL_ERROR_H_

#include <cppconn/exception.h>

#include "absl/status/status.h"

namespace unioncard::db {

// Connector/C++ throws; the rest of the code speaks absl::Status. This is the
// one translation, applied at the store boundary:
//   1062 duplicate key            -> ALREADY_EXISTS
//   1213 deadlock, 1205 lock wait -> ABORTED (the transaction may be retried)
//   2002/2003/2006/2013 no server -> UNAVAILABLE
//   1451/1452 foreign key         -> FAILED_PRECONDITION
//   anything else                 -> INTERNAL
absl::Status StatusFromSqlException(const sql::SQLException& e);

// True for the errors after which the connection is unusable.
bool IsConnectionLost(int mysql_error_code);

// True for the errors after which the whole transaction may simply be rerun.
bool IsRetryableTransactionError(int mysql_error_code);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_SQL_ERROR_H_
