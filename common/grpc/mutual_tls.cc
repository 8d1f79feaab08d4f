#include "common/grpc/mutual_tls.h"

#include "absl/strings/str_cat.h"
#include "common/config/secret_source.h"

namespace unioncard::rpc {
namespace {

struct Pem {
  std::string ca, cert, key;
};

absl::StatusOr<Pem> ReadPem(const TlsFiles& files) {
  Pem pem;
  for (auto [path, out] :
       {std::pair{&files.ca_cert, &pem.ca}, std::pair{&files.cert, &pem.cert},
        std::pair{&files.key, &pem.key}}) {
    absl::StatusOr<std::string> text = config::ReadSecret("file:" + *path);
    if (!text.ok()) return text.status();
    if (text->find("-----BEGIN") == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(*path, " is not a PEM file"));
    }
    *out = *std::move(text) + "\n";
  }
  return pem;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>
MutualTlsServerCredentials(const TlsFiles& files) {
  absl::StatusOr<Pem> pem = ReadPem(files);
  if (!pem.ok()) return pem.status();
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = pem->ca;
  options.pem_key_cert_pairs.push_back({pem->key, pem->cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MutualTlsChannelCredentials(const TlsFiles& files) {
  absl::StatusOr<Pem> pem = ReadPem(files);
  if (!pem.ok()) return pem.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pem->ca;
  options.pem_private_key = pem->key;
  options.pem_cert_chain = pem->cert;
  return grpc::SslCredentials(options);
}

std::string PeerCertificateName(const grpc::ServerContext& context) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return "";
  std::vector<grpc::string_ref> names =
      auth->FindPropertyValues("x509_common_name");
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

}  // namespace unioncard::rpc
