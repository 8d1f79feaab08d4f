#include "tools/logscan/log_scan.h"

#include "gtest/gtest.h"

namespace unioncard::logscan {
namespace {

// A valid number of Cangzhou's Yunhe district (check character X).
constexpr char kLine[] =
    R"({"level":"info","msg":"rpc","service":"member-svc","ts":"2026-12-01T10:00:00.000Z",)";

std::string LogLine(const std::string& fields) {
  return std::string(kLine) + fields + "}";
}

TEST(LogScanTest, OnlyServiceLogLinesAreJudged) {
  EXPECT_TRUE(IsServiceLogLine(LogLine(R"("x":1)")));
  EXPECT_FALSE(IsServiceLogLine(
      R"({"code":"123456","purpose":"login","to":"18734411409"})"));
  EXPECT_FALSE(IsServiceLogLine("[ RUN      ] MemberTest.Register"));
}

TEST(LogScanTest, FindsAValidResidentIdAndPrintsItMasked) {
  auto findings = ScanLine(LogLine(R"("id_number":"130902196908190210")"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "resident_id");
  EXPECT_EQ(findings[0].masked, "130902********0210");
}

TEST(LogScanTest, IgnoresWhatIsNotAResidentId) {
  // Wrong check character, a region of no province, inside a request id.
  EXPECT_TRUE(ScanLine(LogLine(R"("n":"130902196908190211")")).empty());
  EXPECT_TRUE(ScanLine(LogLine(R"("n":"000000196908190210")")).empty());
  EXPECT_TRUE(
      ScanLine(LogLine(R"("request_id":"aa130902196908190210be9ae1691f49")"))
          .empty());
  // The masked form is what a log should hold.
  EXPECT_TRUE(ScanLine(LogLine(R"("id":"130902********0210")")).empty());
}

TEST(LogScanTest, FindsMobilesAndBankTokens) {
  auto findings =
      ScanLine(LogLine(R"("to":"18734411409","token":"sim-00ff00ff00ff00ff")"));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, "mobile");
  EXPECT_EQ(findings[0].masked, "187****1409");
  EXPECT_EQ(findings[1].kind, "bank_token");
  EXPECT_TRUE(
      ScanLine(LogLine(R"("to":"187****1409","ms":12345678901)")).empty());
}

}  // namespace
}  // namespace unioncard::logscan
