#include "common/grpc/server_metrics.h"

#include "gtest/gtest.h"

namespace unioncard::rpc {
namespace {

TEST(ServerMetricsTest, CountsByServiceMethodAndCode) {
  ServerMetrics m;
  m.RecordStarted("/unioncard.member.v1.MemberService/GetMember");
  m.RecordHandled("/unioncard.member.v1.MemberService/GetMember", 0,
                  absl::Milliseconds(3));
  m.RecordHandled("/unioncard.member.v1.MemberService/GetMember", 5,
                  absl::Milliseconds(700));
  const std::string text = m.RenderPrometheusText();
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_service=\"unioncard."
                      "member.v1.MemberService\",grpc_method=\"GetMember\","
                      "grpc_code=\"OK\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("grpc_code=\"NOT_FOUND\"} 1"), std::string::npos);
  // 3 ms falls in le=0.005 and above; 700 ms only from le=1.
  EXPECT_NE(text.find("le=\"0.005\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"1\"} 2"), std::string::npos);
  EXPECT_NE(text.find("le=\"+Inf\"} 2"), std::string::npos);
  EXPECT_NE(
      text.find("grpc_server_handling_seconds_count{grpc_service=\"unioncard."
                "member.v1.MemberService\",grpc_method=\"GetMember\"} 2"),
      std::string::npos);
  EXPECT_NE(text.find("grpc_server_started_total{"), std::string::npos);
}

TEST(ServerMetricsTest, CodeNames) {
  EXPECT_STREQ(GrpcCodeName(16), "UNAUTHENTICATED");
  EXPECT_STREQ(GrpcCodeName(99), "UNKNOWN");
}

}  // namespace
}  // namespace unioncard::rpc
