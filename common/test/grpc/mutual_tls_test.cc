// Mutual TLS between real servers and clients on loopback, with
// certificates made by deploy/local/make-certs.sh.
#include "common/grpc/mutual_tls.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config/secret_source.h"
#include "common/grpc/client.h"
#include "common/grpc/service_runner.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/probe/probe_service.h"

namespace unioncard::rpc {
namespace {

std::string MakeCerts(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/certs-XXXXXX";
  EXPECT_NE(mkdtemp(dir.data()), nullptr);
  const std::string command =
      absl::StrCat(UNIONCARD_SOURCE_DIR, "/deploy/local/make-certs.sh ", dir,
                   " bank-sim card-svc ", name, " >/dev/null 2>&1");
  EXPECT_EQ(std::system(command.c_str()), 0);
  return dir;
}

TlsFiles Files(const std::string& dir, const std::string& name,
               const std::string& ca_dir = "") {
  return {(ca_dir.empty() ? dir : ca_dir) + "/ca.crt",
          dir + "/" + name + ".crt", dir + "/" + name + ".key"};
}

class MutualTlsTest : public ::testing::Test {
 protected:
  // Key generation is slow; one set of certificates serves the suite.
  static void SetUpTestSuite() {
    ours_ = MakeCerts("other");
    forged_ = MakeCerts("card-svc");  // same names, another CA
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(ours_);
    std::filesystem::remove_all(forged_);
  }
  void SetUp() override {
    auto credentials = MutualTlsServerCredentials(Files(ours_, "bank-sim"));
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.metrics_port = -1;
    options.credentials = *credentials;
    runner_ = std::make_unique<ServiceRunner>(options);
    runner_->AddService(&probe_);
    ASSERT_TRUE(runner_->Start().ok());
    target_ = absl::StrCat("127.0.0.1:", runner_->port());
  }
  void TearDown() override {
    runner_->RequestShutdown();
    runner_->Wait();
  }

  grpc::Status Echo(std::shared_ptr<grpc::ChannelCredentials> credentials,
                    testing::v1::EchoReply* reply) {
    auto stub = testing::v1::Probe::NewStub(MakeChannel(target_, credentials));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    auth::Principal bank{"bank", auth::Role::kPartnerBank, "bank", "/bank/", {},
                         {}};
    SetBearerToken(context,
                   auth::TokenSigner(key_).Issue(bank, absl::Minutes(5)));
    testing::v1::EchoRequest request;
    request.set_message("statement");
    return stub->Echo(&context, request, reply);
  }

  auth::SigningKey key_ = auth::GenerateSigningKey("k1");
  testing::ProbeService probe_{auth::TokenVerifier(
      std::map<std::string, std::string>{{"k1", key_.public_key}})};
  std::unique_ptr<ServiceRunner> runner_;
  static inline std::string ours_, forged_;
  std::string target_;
};

TEST_F(MutualTlsTest, ClientWithACertificateFromOurCaGetsThrough) {
  auto credentials = MutualTlsChannelCredentials(Files(ours_, "card-svc"));
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  testing::v1::EchoReply reply;
  grpc::Status status = Echo(*credentials, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.message(), "statement");
  EXPECT_EQ(reply.peer_certificate(), "card-svc");
}

TEST_F(MutualTlsTest, MissingOrForgedClientCertificateIsRefused) {
  grpc::SslCredentialsOptions server_only;
  server_only.pem_root_certs = *config::ReadSecret("file:" + ours_ + "/ca.crt");
  testing::v1::EchoReply reply;
  EXPECT_EQ(Echo(grpc::SslCredentials(server_only), &reply).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  // A certificate named card-svc but signed by another CA.
  auto forged = MutualTlsChannelCredentials(Files(forged_, "card-svc", ours_));
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(Echo(*forged, &reply).error_code(), grpc::StatusCode::UNAVAILABLE);

  // Nor does a plaintext client get an answer.
  EXPECT_EQ(Echo(grpc::InsecureChannelCredentials(), &reply).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(MutualTlsTest, ClientRefusesAServerFromAnotherCa) {
  // The client trusts only the forged CA: our server is a stranger to it.
  auto credentials = MutualTlsChannelCredentials(Files(forged_, "card-svc"));
  ASSERT_TRUE(credentials.ok());
  testing::v1::EchoReply reply;
  EXPECT_EQ(Echo(*credentials, &reply).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(MutualTlsFilesTest, UnreadableOrWrongFilesAreClearErrors) {
  EXPECT_EQ(MutualTlsServerCredentials({"/nonexistent/ca.crt", "/x", "/y"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  const std::string not_pem = ::testing::TempDir() + "/not.pem";
  std::system(("echo hello > " + not_pem).c_str());
  EXPECT_EQ(
      MutualTlsChannelCredentials({not_pem, not_pem, not_pem}).status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace unioncard::rpc
