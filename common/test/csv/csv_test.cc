#include "common/csv/csv.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::csv {
namespace {

using ::testing::ElementsAre;

std::vector<std::vector<std::string>> ReadAll(
    const std::string& text, std::vector<absl::Status>* errors) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  absl::Status error;
  while (reader.Next(&row, &error)) {
    rows.push_back(row);
    errors->push_back(error);
  }
  return rows;
}

TEST(CsvTest, ReadsQuotesCommasNewlinesCrlfAndBom) {
  std::vector<absl::Status> errors;
  auto rows = ReadAll(
      "\xEF\xBB\xBFname,note\r\n"
      "欧阳娜娜,\"a, b\"\r\n"
      "\"阿卜杜拉·买买提\",\"line1\nline2\"\n"
      "x,\"say \"\"hi\"\"\"\n",
      &errors);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_THAT(rows[0], ElementsAre("name", "note"));
  EXPECT_THAT(rows[1], ElementsAre("欧阳娜娜", "a, b"));
  EXPECT_THAT(rows[2], ElementsAre("阿卜杜拉·买买提", "line1\nline2"));
  EXPECT_THAT(rows[3], ElementsAre("x", "say \"hi\""));
  for (const auto& e : errors) EXPECT_TRUE(e.ok()) << e;
}

TEST(CsvTest, MalformedRecordReportsItsLineAndReadingGoesOn) {
  std::vector<absl::Status> errors;
  auto rows = ReadAll("a,b\n\"x\"y,z\nc,d\n", &errors);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(errors[0].ok());
  EXPECT_EQ(errors[1].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(errors[1].message().find("line 2"), std::string::npos);
  EXPECT_THAT(rows[2], ElementsAre("c", "d"));
}

TEST(CsvTest, WriterQuotesOnlyWhatNeedsItAndReadsBack) {
  std::string out;
  AppendCsvRecord({"plain", "a,b", "q\"q", "多\n行"}, &out);
  EXPECT_EQ(out, "plain,\"a,b\",\"q\"\"q\",\"多\n行\"\r\n");
  std::vector<absl::Status> errors;
  auto rows = ReadAll(out, &errors);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0], ElementsAre("plain", "a,b", "q\"q", "多\n行"));
}

}  // namespace
}  // namespace unioncard::csv
