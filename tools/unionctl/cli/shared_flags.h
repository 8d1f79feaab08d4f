#ifndef UNIONCARD_TOOLS_UNIONCTL_CLI_SHARED_FLAGS_H_
#define UNIONCARD_TOOLS_UNIONCTL_CLI_SHARED_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

// The flags several command groups read (absl flags are process-wide, so
// a name two groups use is defined once, here). A flag only one group
// reads is defined in that group's file.
ABSL_DECLARE_FLAG(std::string, token);
ABSL_DECLARE_FLAG(std::string, card_svc);
ABSL_DECLARE_FLAG(std::string, merchant_svc);
ABSL_DECLARE_FLAG(std::string, assessment_svc);
ABSL_DECLARE_FLAG(std::string, org);
ABSL_DECLARE_FLAG(std::string, role);
ABSL_DECLARE_FLAG(std::string, date);
ABSL_DECLARE_FLAG(std::string, note);
ABSL_DECLARE_FLAG(std::string, title);
ABSL_DECLARE_FLAG(std::string, request_id);
ABSL_DECLARE_FLAG(std::string, county);
ABSL_DECLARE_FLAG(std::string, kind);
ABSL_DECLARE_FLAG(bool, csv);
ABSL_DECLARE_FLAG(std::string, xlsx);

#endif  // UNIONCARD_TOOLS_UNIONCTL_CLI_SHARED_FLAGS_H_
