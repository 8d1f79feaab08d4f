#include "gateway/src/domain/route.h"

#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

TEST(PathTemplate, MatchesLiteralsVariablesAndVerbs) {
  auto t = PathTemplate::Parse("/v1/members/{member_id}:transfer");
  ASSERT_TRUE(t.ok()) << t.status();
  auto m = t->Match("/v1/members/42:transfer");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->at("member_id"), "42");
  EXPECT_FALSE(t->Match("/v1/members/42").has_value());
  EXPECT_FALSE(t->Match("/v1/members/42:end").has_value());
  EXPECT_FALSE(t->Match("/v1/members/:transfer").has_value());
  EXPECT_FALSE(t->Match("/v1/members/4/2:transfer").has_value());
}

TEST(PathTemplate, AVariableNeverSwallowsAVerbOrASlash) {
  auto t = PathTemplate::Parse("/v1/cards/{id}");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->Match("/v1/cards/7:freeze").has_value());
  EXPECT_FALSE(t->Match("/v1/cards/a%2Fb").has_value());
  EXPECT_FALSE(t->Match("/v1/cards/a%00b").has_value());
  EXPECT_FALSE(t->Match("/v1/cards/%zz").has_value());
  auto m = t->Match("/v1/cards/%E6%B2%A7");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->at("id"), "沧");
}

TEST(PathTemplate, NestedFieldsAndSeveralVariables) {
  auto t = PathTemplate::Parse("/v1/rankings/{year}/{quarter}");
  ASSERT_TRUE(t.ok());
  auto m = t->Match("/v1/rankings/2017/2");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->at("year"), "2017");
  EXPECT_EQ(m->at("quarter"), "2");
  EXPECT_EQ(t->variables().size(), 2u);
}

TEST(PathTemplate, RefusesBrokenTemplates) {
  EXPECT_FALSE(PathTemplate::Parse("v1/x").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1//x").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/{x").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/x:").ok());
}

TEST(PercentDecode, DecodesAndRefusesBrokenEscapes) {
  EXPECT_EQ(PercentDecode("a%20b").value(), "a b");
  EXPECT_FALSE(PercentDecode("a%2").ok());
  EXPECT_FALSE(PercentDecode("%").ok());
  EXPECT_FALSE(PercentDecode("%00").ok());
}

}  // namespace
}  // namespace unioncard::gateway
