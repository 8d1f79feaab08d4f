#include "common/config/env_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, probe_port, 50051, "a flag for this test");
ABSL_FLAG(std::string, probe_name, "default", "a flag for this test");

namespace unioncard::config {
namespace {

TEST(EnvFlagsTest, NameIsPrefixedUpperCase) {
  EXPECT_EQ(EnvironmentNameFor("mysql_host"), "UNIONCARD_MYSQL_HOST");
}

TEST(EnvFlagsTest, EnvironmentSetsFlagAndCommandLineWins) {
  setenv("UNIONCARD_PROBE_PORT", "6000", 1);
  setenv("UNIONCARD_PROBE_NAME", "from-env", 1);
  char arg0[] = "test";
  char arg1[] = "--probe_name=from-command-line";
  char* argv[] = {arg0, arg1};
  ParseFlagsWithEnvironment(2, argv);
  EXPECT_EQ(absl::GetFlag(FLAGS_probe_port), 6000);
  EXPECT_EQ(absl::GetFlag(FLAGS_probe_name), "from-command-line");
  unsetenv("UNIONCARD_PROBE_PORT");
  unsetenv("UNIONCARD_PROBE_NAME");
}

TEST(EnvFlagsTest, BadEnvironmentValueNamesTheVariable) {
  setenv("UNIONCARD_PROBE_PORT", "not-a-number", 1);
  absl::Status status = ApplyEnvironmentOverrides();
  unsetenv("UNIONCARD_PROBE_PORT");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("UNIONCARD_PROBE_PORT"), std::string::npos);
}

}  // namespace
}  // namespace unioncard::config
