#include "gateway/src/app/json_transcoder.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "member/v1/member.pb.h"

namespace unioncard::gateway {
namespace {

const google::protobuf::Descriptor* ListMembersRequest() {
  return member::v1::ListMembersRequest::descriptor();
}

TEST(JsonTranscoderTest, QueryAndPathFillTheRequest) {
  auto request = JsonTranscoder::BuildRequest(
      ListMembersRequest(), R"({"page_size": 20})", {{"name_prefix", "王"}},
      {{"org_id", "xinhua"}});
  ASSERT_TRUE(request.ok()) << request.status();
  auto json = JsonTranscoder::ToJson(**request);
  ASSERT_TRUE(json.ok());
  EXPECT_THAT(*json, ::testing::HasSubstr("\"org_id\":\"xinhua\""));
  EXPECT_THAT(*json, ::testing::HasSubstr("\"name_prefix\":\"王\""));
}

// Found by tests/fuzz/json_transcoder_fuzzer: a query value that is not
// UTF-8 threw out of the JSON dump (an unhandled exception in the gateway).
TEST(JsonTranscoderTest, QueryOrPathValueThatIsNotUtf8IsAFieldError) {
  for (const auto& [query, path] :
       std::vector<std::pair<std::vector<std::pair<std::string, std::string>>,
                             std::map<std::string, std::string>>>{
           {{{"page_token", "uc1:1\xac\xac"}}, {}},
           {{}, {{"org_id", "xin\xffhua"}}}}) {
    auto request =
        JsonTranscoder::BuildRequest(ListMembersRequest(), "", query, path);
    EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(request.status().message()),
                ::testing::HasSubstr("not valid UTF-8"));
  }
}

}  // namespace
}  // namespace unioncard::gateway
