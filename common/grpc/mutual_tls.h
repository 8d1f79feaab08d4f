#ifndef UNIONCARD_COMMON_GRPC_MUTUAL_TLS_H_
#define UNIONCARD_COMMON_GRPC_MUTUAL_TLS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace unioncard::rpc {

// PEM files of one side of a mutual-TLS link (deploy/local/make-certs.sh
// makes them for local runs and tests; Kubernetes mounts them as Secrets).
struct TlsFiles {
  std::string ca_cert;  // the CA that signs the other side
  std::string cert;     // this side's certificate
  std::string key;      // this side's private key
};

// Server credentials that require and verify a client certificate signed
// by `files.ca_cert`: a call without one, or with a forged one, never
// reaches a handler. NOT_FOUND naming the file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>
MutualTlsServerCredentials(const TlsFiles& files);

// Channel credentials presenting this side's certificate and trusting only
// `files.ca_cert`.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MutualTlsChannelCredentials(const TlsFiles& files);

// The common name of the verified client certificate of the call ("" on an
// insecure call): who the peer is, for logs and authorization.
std::string PeerCertificateName(const grpc::ServerContext& context);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_MUTUAL_TLS_H_
