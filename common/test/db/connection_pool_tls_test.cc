// --mysql_tls_ca: connections to a MariaDB that offers TLS (its own
// server, started with a certificate made here by openssl).
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/db/connection_pool.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"

namespace unioncard::db {
namespace {

// A CA and a server certificate for the name "localhost" only (so that
// 127.0.0.1, the same server, is a name the certificate does not carry),
// plus a second, unrelated CA.
bool MakeCertificates(const std::string& dir) {
  const std::string script = absl::StrCat(
      "set -e; cd '", dir, "';",
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=test ca' "
      "  -keyout ca.key -out ca.crt;",
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=other ca' "
      "  -keyout other.key -out other-ca.crt;",
      "openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' "
      "  -keyout server.key -out server.csr;",
      "printf 'subjectAltName=DNS:localhost\\n' > server.ext;",
      "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key "
      "  -CAcreateserial -days 2 -extfile server.ext -out server.crt",
      " >/dev/null 2>&1");
  return std::system(script.c_str()) == 0;
}

std::string SessionStatus(ConnectionPool& pool, const std::string& name) {
  std::string value;
  absl::Status s = pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::ResultSet> r(
        std::unique_ptr<sql::Statement>(c.createStatement())
            ->executeQuery("SHOW SESSION STATUS LIKE '" + name + "'"));
    if (r->next()) value = r->getString(2);
    return absl::OkStatus();
  });
  return s.ok() ? value : "error: " + std::string(s.message());
}

// `options` (with a CA) must be refused as unreachable, and the same
// options without TLS must connect: the refusal is TLS's doing.
void ExpectRefusedOnlyOverTls(DbOptions options) {
  auto pool = ConnectionPool::Create(options);
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable)
      << pool.status();
  options.tls_ca.clear();
  EXPECT_TRUE(ConnectionPool::Create(options).ok());
}

class ConnectionPoolTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "unioncard-tls-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    cert_dir_ = new std::string(pattern);
    ASSERT_TRUE(MakeCertificates(*cert_dir_)) << "openssl failed";
    auto server = testing::MariaDbServer::StartWithTls(*cert_dir_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (cert_dir_ != nullptr) std::filesystem::remove_all(*cert_dir_);
    delete cert_dir_;
    cert_dir_ = nullptr;
  }
  DbOptions Options(const std::string& ca_file) const {
    DbOptions options = server_->AdminOptions();
    // The account exists for 127.0.0.1 and localhost; "localhost" over
    // TCP reaches the server as 127.0.0.1 and matches the certificate.
    options.host = "localhost";
    options.pool_size = 1;
    options.connect_timeout = absl::Seconds(3);
    options.acquire_timeout = absl::Seconds(3);
    if (!ca_file.empty()) options.tls_ca = *cert_dir_ + "/" + ca_file;
    return options;
  }
  static testing::MariaDbServer* server_;
  static std::string* cert_dir_;
};
testing::MariaDbServer* ConnectionPoolTlsTest::server_ = nullptr;
std::string* ConnectionPoolTlsTest::cert_dir_ = nullptr;

TEST_F(ConnectionPoolTlsTest, WithTheServersCaEveryConnectionIsEncrypted) {
  auto pool = ConnectionPool::Create(Options("ca.crt"));
  ASSERT_TRUE(pool.ok()) << pool.status();
  const std::string version = SessionStatus(**pool, "Ssl_version");
  EXPECT_TRUE(version.rfind("TLSv1.", 0) == 0) << version;
  EXPECT_FALSE(SessionStatus(**pool, "Ssl_cipher").empty());
}

TEST_F(ConnectionPoolTlsTest, WithoutACaTheConnectionIsPlain) {
  auto pool = ConnectionPool::Create(Options(""));
  ASSERT_TRUE(pool.ok()) << pool.status();
  EXPECT_EQ(SessionStatus(**pool, "Ssl_version"), "");
}

TEST_F(ConnectionPoolTlsTest, AServerCertificateFromAnotherCaIsRefused) {
  auto pool = ConnectionPool::Create(Options("other-ca.crt"));
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable)
      << pool.status();
  EXPECT_NE(pool.status().message().find("cannot connect to MySQL"),
            std::string::npos)
      << pool.status();
}

TEST_F(ConnectionPoolTlsTest, AServerWhoseNameDoesNotMatchIsRefused) {
  // Same server, same CA, but reached as 127.0.0.1: the certificate names
  // only localhost.
  DbOptions options = Options("ca.crt");
  options.host = "127.0.0.1";
  ExpectRefusedOnlyOverTls(options);
}

TEST(ConnectionPoolTlsRequiredTest, AServerWithoutTlsIsRefusedWhenACaIsGiven) {
  // --mysql_tls_ca means TLS or nothing: never a silent fall-back to plain
  // TCP (sslEnforce).
  auto plain = testing::MariaDbServer::Start();
  ASSERT_TRUE(plain.ok()) << plain.status();
  DbOptions options = (*plain)->AdminOptions();
  options.pool_size = 1;
  options.connect_timeout = absl::Seconds(3);
  options.tls_ca = "/etc/ssl/certs/ca-certificates.crt";
  ExpectRefusedOnlyOverTls(options);
}

}  // namespace
}  // namespace unioncard::db
