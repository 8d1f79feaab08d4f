#ifndef UNIONCARD_MEMBER_SVC_TEST_API_MEMBER_TEST_ENV_H_
#define UNIONCARD_MEMBER_SVC_TEST_API_MEMBER_TEST_ENV_H_

// A real member-svc on a loopback port over a fresh MariaDB schema, and
// clients holding tokens for the roles of docs/rules.md §2.3.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/auth/token.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/service_process.h"
#include "gtest/gtest.h"
#include "member-svc/src/member_server.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::member::testing {

// A caller: a role, an org unit, and stubs that send its token.
class Caller {
 public:
  Caller(std::shared_ptr<grpc::Channel> channel, std::string token)
      : members_(v1::MemberService::NewStub(channel)),
        orgs_(v1::OrgService::NewStub(channel)),
        token_(std::move(token)) {}

  static constexpr absl::Duration kDeadline = absl::Seconds(20);

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = rpc::OutboundContext(kDeadline);
    rpc::SetBearerToken(*context, token_);
    return context;
  }
  v1::MemberService::Stub& members() { return *members_; }
  v1::OrgService::Stub& orgs() { return *orgs_; }

  // Shorthands returning absl statuses (field violations kept).
  absl::StatusOr<v1::Member> Register(const v1::RegisterMemberRequest& r);
  absl::StatusOr<v1::Member> Get(int64_t id, bool reveal = false);
  absl::StatusOr<v1::OrgUnit> CreateUnion(const std::string& county,
                                          const std::string& name);
  absl::StatusOr<v1::ReviewMembersResponse> Review(
      const std::vector<int64_t>& ids, v1::ReviewAction action,
      const std::string& reason = "");

 private:
  std::unique_ptr<v1::MemberService::Stub> members_;
  std::unique_ptr<v1::OrgService::Stub> orgs_;
  std::string token_;
};

class MemberServiceEnv : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The schema member-svc runs on: a fresh one on the shared test MariaDB
  // unless a test brings its own server (the fault tests kill theirs).
  virtual absl::StatusOr<std::unique_ptr<unioncard::testing::TestDatabase>>
  NewDatabase() {
    return unioncard::testing::TestDatabase::Create();
  }

  // Restarts member-svc on the same database (a deploy or a crash).
  void RestartServer();
  // member-svc's configuration as it stands (keys, database): another
  // replica starts with StartMemberServer(ServerConfig()).
  MemberServerConfig ServerConfig();
  // The same for the member-svc binary (tests that kill it or measure it
  // as a process): the key files it reads are written to `dir`.
  unioncard::testing::ServiceProcessOptions MemberProcess(
      const std::string& dir, int port);
  // Set before RestartServer(): member-svc closes connections this old
  // (--max_connection_age_seconds), 200 ms later for their calls.
  absl::Duration member_connection_age_ = absl::ZeroDuration();

  Caller As(auth::Role role, const std::string& org_id,
            const std::string& org_path);
  Caller CityAdmin() { return As(auth::Role::kCityAdmin, "city", "/city/"); }
  Caller CountyStaff(const std::string& county) {
    return As(auth::Role::kCountyStaff, county,
              absl::StrCat("/city/", county, "/"));
  }
  Caller GrassrootsStaff(const v1::OrgUnit& unit) {
    return As(auth::Role::kGrassrootsStaff, unit.id(), unit.path());
  }
  // A service identity (role service, the city's scope); what it may call
  // is common/auth/service_grants.cc.
  Caller AsService(const std::string& subject);
  // card-svc's identity: granted the member feed and member reads.
  Caller Service() { return AsService("card-svc"); }

  // A valid registration request; `n` picks a distinct person.
  static v1::RegisterMemberRequest Person(const std::string& org_id, int n,
                                          const std::string& name = "王芳");
  // Rows in a table of this service's schema (for checks a clerk cannot
  // make through the API, such as the audit trail).
  int64_t CountRows(const std::string& sql_where_clause_table);

  std::unique_ptr<unioncard::testing::TestDatabase> db_;
  auth::SigningKey key_ = auth::GenerateSigningKey("test");
  // Token keys member-svc still accepts beside key_ (a rotation's old key).
  std::vector<auth::SigningKey> retired_token_keys_;
  crypto::DataKeys data_keys_{crypto::Keyring::Generate("e1"),
                              crypto::Keyring::Generate("b1")};
  std::unique_ptr<rpc::ServiceHost> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A valid ID number for person `n` born on `birth` (YYYYMMDD) in `region`.
std::string IdNumber(int n, const std::string& birth = "19850615",
                     const std::string& region = "130921");

}  // namespace unioncard::member::testing

#endif  // UNIONCARD_MEMBER_SVC_TEST_API_MEMBER_TEST_ENV_H_
