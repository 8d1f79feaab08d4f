// The gateway serving HTTPS itself (--tls_cert/--tls_key): the binary alone
// over its own schema, certificates made by deploy/local/make-certs.sh.
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/auth/token.h"
#include "common/testing/child_process.h"
#include "common/testing/eventually.h"
#include "common/testing/mariadb_server.h"
#include "gateway/src/app/account_admin.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

TEST(GatewayTls, ServesHttpsWithSecureCookiesAndHsts) {
  std::string dir = ::testing::TempDir() + "/gateway-tls-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  ASSERT_EQ(std::system(absl::StrCat(UNIONCARD_SOURCE_DIR,
                                     "/deploy/local/make-certs.sh ", dir,
                                     " gateway >/dev/null 2>&1")
                            .c_str()),
            0);
  {
    std::ofstream key(dir + "/signing.json");
    key << auth::SigningKeyToJson(auth::GenerateSigningKey("tls-test"));
  }
  auto db = unioncard::testing::TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status();
  const db::DbOptions& d = (*db)->options();
  const int port = unioncard::testing::PickFreePort();
  auto gateway = unioncard::testing::ChildProcess::Start(
      UNIONCARD_BINARY_DIR "/gateway/gateway",
      {absl::StrCat("--http_port=", port),
       absl::StrCat("--signing_key=file:", dir, "/signing.json"),
       absl::StrCat("--tls_cert=", dir, "/gateway.crt"),
       absl::StrCat("--tls_key=", dir, "/gateway.key"),
       absl::StrCat("--mysql_host=", d.host),
       absl::StrCat("--mysql_port=", d.port),
       absl::StrCat("--mysql_user=", d.user),
       "--mysql_password=env:GATEWAY_TEST_DB_PASSWORD",
       absl::StrCat("--mysql_database=", d.database)},
      {{"GATEWAY_TEST_DB_PASSWORD", d.password}}, dir + "/gateway.log");
  ASSERT_TRUE(gateway.ok()) << gateway.status();

  httplib::SSLClient https("127.0.0.1", port);
  https.set_ca_cert_path((dir + "/ca.crt").c_str());
  https.enable_server_certificate_verification(false);  // CN is "gateway"
  ASSERT_TRUE(unioncard::testing::Eventually(
      [&] {
        auto r = https.Get("/healthz");
        return r && r->status == 200;
      },
      absl::Seconds(20)))
      << "see " << dir << "/gateway.log";
  auto health = https.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->get_header_value("Strict-Transport-Security"),
            "max-age=31536000");
  // Plain HTTP gets no answer from a TLS port.
  httplib::Client http("127.0.0.1", port);
  http.set_connection_timeout(2, 0);
  http.set_read_timeout(2, 0);
  auto plain = http.Get("/healthz");
  EXPECT_TRUE(!plain || plain->status != 200);

  auto pool = db::ConnectionPool::Create(d);
  ASSERT_TRUE(pool.ok());
  AccountStore accounts(pool->get());
  PasswordHasher hasher;
  auto admin = AccountAdmin::Bootstrap(accounts, hasher, "admin", "管理员");
  ASSERT_TRUE(admin.ok()) << admin.status();
  auto login = https.Post("/v1/session",
                          absl::StrCat(R"({"username":"admin","password":")",
                                       admin->temporary_password, R"("})"),
                          "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 200) << login->body;
  EXPECT_THAT(login->get_header_value("Set-Cookie"),
              ::testing::HasSubstr("; Secure"));

  (*gateway)->Signal(SIGTERM);
  auto exit = (*gateway)->Wait(absl::Seconds(20));
  ASSERT_TRUE(exit.ok());
  EXPECT_EQ(*exit, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace unioncard::gateway
