#ifndef UNIONCARD_COMMON_STATUS_MACROS_H_
#define UNIONCARD_COMMON_STATUS_MACROS_H_

// Abseil keeps these internal; every service needs them.

#define UNIONCARD_CONCAT_INNER_(a, b) a##b
#define UNIONCARD_CONCAT_(a, b) UNIONCARD_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is an error.
#define RETURN_IF_ERROR(expr)                             \
  do {                                                    \
    if (::absl::Status _status = (expr); !_status.ok()) { \
      return _status;                                     \
    }                                                     \
  } while (false)

// ASSIGN_OR_RETURN(auto value, ComputeStatusOr());
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(UNIONCARD_CONCAT_(_status_or_, __LINE__), lhs, expr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) return statusor.status();     \
  lhs = std::move(statusor).value()

#endif  // UNIONCARD_COMMON_STATUS_MACROS_H_
