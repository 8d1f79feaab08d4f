#include "member-svc/test/api/member_test_env.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <fstream>

#include "absl/strings/str_format.h"
#include "common/person/resident_id.h"
#include "common/testing/grpc_call.h"

namespace unioncard::member::testing {

std::string IdNumber(int n, const std::string& birth,
                     const std::string& region) {
  const std::string first17 =
      absl::StrFormat("%s%s%03d", region, birth, n % 1000);
  return first17 + person::ResidentIdCheckCharacter(first17);
}

absl::StatusOr<v1::Member> Caller::Register(
    const v1::RegisterMemberRequest& r) {
  return unioncard::testing::CallAs(*members_,
                                    &v1::MemberService::Stub::RegisterMember,
                                    token_, r, kDeadline);
}

absl::StatusOr<v1::Member> Caller::Get(int64_t id, bool reveal) {
  v1::GetMemberRequest request;
  request.set_id(id);
  request.set_reveal(reveal);
  return unioncard::testing::CallAs(*members_,
                                    &v1::MemberService::Stub::GetMember, token_,
                                    request, kDeadline);
}

absl::StatusOr<v1::OrgUnit> Caller::CreateUnion(const std::string& county,
                                                const std::string& name) {
  v1::CreateGrassrootsUnionRequest request;
  request.set_parent_id(county);
  request.set_name(name);
  return unioncard::testing::CallAs(
      *orgs_, &v1::OrgService::Stub::CreateGrassrootsUnion, token_, request,
      kDeadline);
}

absl::StatusOr<v1::ReviewMembersResponse> Caller::Review(
    const std::vector<int64_t>& ids, v1::ReviewAction action,
    const std::string& reason) {
  v1::ReviewMembersRequest request;
  for (int64_t id : ids) request.add_member_ids(id);
  request.set_action(action);
  request.set_reason(reason);
  return unioncard::testing::CallAs(*members_,
                                    &v1::MemberService::Stub::ReviewMembers,
                                    token_, request, kDeadline);
}

void MemberServiceEnv::SetUp() {
  auto db = NewDatabase();
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = *std::move(db);
  RestartServer();
}

MemberServerConfig MemberServiceEnv::ServerConfig() {
  auto plan = reference::ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  EXPECT_TRUE(plan.ok()) << plan.status();
  std::map<std::string, std::string> verify_keys = {
      {key_.kid, key_.public_key}};
  for (const auth::SigningKey& k : retired_token_keys_) {
    verify_keys[k.kid] = k.public_key;
  }
  MemberServerConfig config{
      db_->options(),
      data_keys_,
      auth::TokenVerifier(std::move(verify_keys)),
      plan.ok() ? *plan : std::vector<reference::CountyPlan>{},
      "沧州市总工会",
      {},
      {},
      {}};
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = -1;
  config.server.shutdown_grace = absl::Seconds(2);
  config.server.max_connection_age = member_connection_age_;
  config.server.max_connection_age_grace = absl::Milliseconds(200);
  return config;
}

unioncard::testing::ServiceProcessOptions MemberServiceEnv::MemberProcess(
    const std::string& dir, int port) {
  std::map<std::string, std::string> verify_keys = {
      {key_.kid, key_.public_key}};
  for (const auth::SigningKey& k : retired_token_keys_) {
    verify_keys[k.kid] = k.public_key;
  }
  std::ofstream(dir + "/verify.json") << auth::VerifyKeysToJson(verify_keys);
  std::ofstream(dir + "/data_keys.json") << data_keys_.ToJson();
  return {MEMBER_SVC_PATH,
          "member-svc",
          dir,
          port,
          db_->options(),
          {absl::StrCat("--data_keys=file:", dir, "/data_keys.json"),
           "--reference_dir=" UNIONCARD_SOURCE_DIR "/deploy/reference"}};
}

void MemberServiceEnv::RestartServer() {
  if (server_ != nullptr) {
    server_->Stop();
    server_.reset();
  }
  auto server = StartMemberServer(ServerConfig());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  channel_ = rpc::MakeChannel(absl::StrCat("127.0.0.1:", server_->port()));
}

void MemberServiceEnv::TearDown() {
  if (server_ != nullptr) server_->Stop();
  server_.reset();
  db_.reset();
}

Caller MemberServiceEnv::As(auth::Role role, const std::string& org_id,
                            const std::string& org_path) {
  auth::Principal p;
  p.subject = absl::StrCat(auth::RoleName(role), "@", org_id);
  p.role = role;
  p.org_id = org_id;
  p.org_path = org_path;
  return Caller(channel_, auth::TokenSigner(key_).Issue(p, absl::Hours(1)));
}

Caller MemberServiceEnv::AsService(const std::string& subject) {
  auth::Principal p{subject, auth::Role::kService, "city", "/city/", {}, {}};
  return Caller(channel_, auth::TokenSigner(key_).Issue(p, absl::Hours(1)));
}

v1::RegisterMemberRequest MemberServiceEnv::Person(const std::string& org_id,
                                                   int n,
                                                   const std::string& name) {
  v1::RegisterMemberRequest r;
  r.set_org_id(org_id);
  r.set_name(name);
  r.set_id_number(IdNumber(n));
  r.set_mobile(absl::StrFormat("139%08d", n));
  r.set_employer("沧县恒信机械制造有限公司");
  r.set_join_date("2012-03-01");
  return r;
}

int64_t MemberServiceEnv::CountRows(const std::string& from_where) {
  auto pool = db::ConnectionPool::Create(db_->options());
  EXPECT_TRUE(pool.ok()) << pool.status();
  return pool.ok() ? unioncard::testing::CountRows(**pool, from_where) : -1;
}

}  // namespace unioncard::member::testing
