#ifndef UNIONCARD_COMMON_TESTING_PROCESS_MEMORY_H_
#define UNIONCARD_COMMON_TESTING_PROCESS_MEMORY_H_

#include <sys/types.h>

#include <cstdint>

namespace unioncard::testing {

// A process's resident memory as Linux reports it in /proc/<pid>/status;
// -1 where unknown (the process is gone).
struct ProcessMemory {
  int64_t rss_kib = -1;   // VmRSS: resident now
  int64_t peak_kib = -1;  // VmHWM: the most it has been resident
};

ProcessMemory ReadProcessMemory(pid_t pid);

}  // namespace unioncard::testing

#endif  // UNIONCARD_COMMON_TESTING_PROCESS_MEMORY_H_
