#ifndef UNIONCARD_COMMON_TIME_CHINA_TIME_H_
#define UNIONCARD_COMMON_TIME_CHINA_TIME_H_

#include "absl/time/time.h"

namespace unioncard {

// China Standard Time (UTC+8, no daylight saving): the civil day clerks and
// the bank mean by a date. Here, not in common/grpc, so that stores and
// domain code can take days without the API's helpers.
inline absl::TimeZone ChinaTime() { return absl::FixedTimeZone(8 * 3600); }

}  // namespace unioncard

#endif  // UNIONCARD_COMMON_TIME_CHINA_TIME_H_
