#include "common/config/secret_source.h"

#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"

namespace unioncard::config {
namespace {

TEST(SecretSourceTest, ReadsFileAndDropsTrailingNewline) {
  const std::string path = ::testing::TempDir() + "/secret.txt";
  std::ofstream(path) << "s3cret\n";
  EXPECT_EQ(*ReadSecret("file:" + path), "s3cret");
  EXPECT_EQ(*ReadSecret(path), "s3cret");
}

TEST(SecretSourceTest, ReadsEnvironment) {
  setenv("UNIONCARD_TEST_SECRET", "from-env", 1);
  EXPECT_EQ(*ReadSecret("env:UNIONCARD_TEST_SECRET"), "from-env");
  unsetenv("UNIONCARD_TEST_SECRET");
}

TEST(SecretSourceTest, MissingSourcesAreErrors) {
  EXPECT_EQ(ReadSecret("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadSecret("env:UNIONCARD_NOT_SET_ANYWHERE").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadSecret("file:/nonexistent/secret").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace unioncard::config
