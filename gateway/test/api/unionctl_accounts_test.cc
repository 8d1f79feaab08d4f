// unionctl's account commands, the real binary against the real gateway.
#include "absl/strings/str_cat.h"
#include "common/testing/child_process.h"
#include "gateway/test/api/gateway_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::gateway::testing {
namespace {

using Outcome = unioncard::testing::CommandRun;

class UnionctlAccountsTest : public GatewayEnv {
 protected:
  // `unionctl accounts ARGS` signed in as the city admin.
  Outcome Unionctl(const std::string& args, const std::string& password) {
    const std::string command = absl::StrCat(
        "UNIONCTL_PASSWORD='", password, "' ", UNIONCARD_BINARY_DIR,
        "/tools/unionctl accounts ", args,
        " --gateway=http://127.0.0.1:", gateway_port_, " --username=admin");
    return unioncard::testing::RunShellCommand(command);
  }
};

TEST_F(UnionctlAccountsTest, AnAdminManagesAccountsFromTheCommandLine) {
  City();  // the first admin, its password changed to kPassword
  Outcome made = Unionctl(
      "create --new_username=zhao.county --display_name=赵 "
      "--role=county_staff --org=xinhua",
      kPassword);
  EXPECT_EQ(made.exit_code, 0) << made.output;
  EXPECT_THAT(made.output, ::testing::HasSubstr("one-time password"));

  Outcome listed = Unionctl("list --csv", kPassword);
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output,
              ::testing::HasSubstr("zhao.county,赵,county_staff"));
  const size_t at = listed.output.find("\n2,zhao.county");
  ASSERT_NE(at, std::string::npos) << listed.output;

  Outcome disabled = Unionctl("disable 2", kPassword);
  EXPECT_EQ(disabled.exit_code, 0) << disabled.output;
  EXPECT_THAT(Unionctl("list --csv", kPassword).output,
              ::testing::HasSubstr("zhao.county,赵,county_staff,xinhua,yes"));
  Outcome reset = Unionctl("reset-password 2", kPassword);
  EXPECT_EQ(reset.exit_code, 0) << reset.output;
  EXPECT_THAT(reset.output, ::testing::HasSubstr("one-time password"));

  // Refusals keep their codes: a misfit role names the field (exit 2), a
  // wrong password is refused (exit 1), so is one's own account.
  Outcome misfit = Unionctl(
      "create --new_username=misfit --role=county_staff --org=city", kPassword);
  EXPECT_EQ(misfit.exit_code, 2) << misfit.output;
  EXPECT_THAT(misfit.output, ::testing::HasSubstr("org_id"));
  Outcome wrong = Unionctl("list", "not-the-password");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.output, ::testing::HasSubstr("UNAUTHENTICATED"));
  Outcome own = Unionctl("disable 1", kPassword);
  EXPECT_EQ(own.exit_code, 1);
  EXPECT_THAT(own.output, ::testing::HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace unioncard::gateway::testing
