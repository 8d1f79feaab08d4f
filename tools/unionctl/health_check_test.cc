#include "tools/unionctl/health_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/grpc/service_runner.h"
#include "common/testing/mariadb_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/unionctl/key_files.h"

namespace unioncard::unionctl {
namespace {

using ::testing::HasSubstr;

TEST(HealthCheckTest, ParsesTargets) {
  auto targets = ParseServiceTargets("a=127.0.0.1:1,b=host:2");
  ASSERT_TRUE(targets.ok());
  ASSERT_EQ(targets->size(), 2u);
  EXPECT_EQ((*targets)[1].name, "b");
  EXPECT_EQ((*targets)[1].address, "host:2");
  EXPECT_FALSE(ParseServiceTargets("a").ok());
  EXPECT_FALSE(ParseServiceTargets("").ok());
}

TEST(HealthCheckTest, ReportsServingAndUnreachableServices) {
  rpc::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.metrics_port = -1;
  rpc::ServiceRunner runner(options);
  ASSERT_TRUE(runner.Start().ok());

  const int dead_port = testing::PickFreePort();
  auto results = CheckHealth({{"up", absl::StrCat("127.0.0.1:", runner.port())},
                              {"down", absl::StrCat("127.0.0.1:", dead_port)}},
                             absl::Seconds(2));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].serving);
  EXPECT_EQ(results[0].status, "SERVING");
  EXPECT_FALSE(results[1].serving);
  EXPECT_THAT(results[1].status, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(FormatHealthTable(results), HasSubstr("up"));

  runner.RequestShutdown();
  runner.Wait();
}

TEST(KeyFilesTest, WritesPrivateFilesAndNeverOverwrites) {
  std::string dir = ::testing::TempDir() + "/keys-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  dir += "/keys";
  ASSERT_TRUE(GenerateKeyFiles(dir).ok());
  struct stat info;
  ASSERT_EQ(stat((dir + "/data_keys.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(GenerateKeyFiles(dir).code(), absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace unioncard::unionctl
