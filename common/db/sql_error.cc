#include "common/db/sql_error.h"

#include "absl/strings/str_cat.h"

namespace unioncard::db {
namespace {
// MySQL/MariaDB error numbers (mysqld_error.h, errmsg.h).
constexpr int kDuplicateKey = 1062;
constexpr int kLockWaitTimeout = 1205;
constexpr int kDeadlock = 1213;
constexpr int kRowIsReferenced = 1451;
constexpr int kNoReferencedRow = 1452;
constexpr int kConnectionError = 2002;
constexpr int kConnHostError = 2003;
constexpr int kServerGone = 2006;
constexpr int kServerLost = 2013;
constexpr int kServerLostExtended = 2055;
}  // namespace

bool IsConnectionLost(int code) {
  return code == kConnectionError || code == kConnHostError ||
         code == kServerGone || code == kServerLost ||
         code == kServerLostExtended;
}

bool IsRetryableTransactionError(int code) {
  return code == kDeadlock || code == kLockWaitTimeout;
}

absl::Status StatusFromSqlException(const sql::SQLException& e) {
  const int code = e.getErrorCode();
  const std::string detail = absl::StrCat("MySQL error ", code, " (",
                                          e.getSQLState(), "): ", e.what());
  if (code == kDuplicateKey) return absl::AlreadyExistsError(detail);
  if (IsRetryableTransactionError(code)) return absl::AbortedError(detail);
  if (IsConnectionLost(code)) {
    return absl::UnavailableError(
        absl::StrCat("database unavailable: ", detail));
  }
  if (code == kRowIsReferenced || code == kNoReferencedRow) {
    return absl::FailedPreconditionError(detail);
  }
  return absl::InternalError(detail);
}

}  // namespace unioncard::db
