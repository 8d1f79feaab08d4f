#ifndef UNIONCARD_TESTS_PROBE_PROBE_SERVICE_H_
#define UNIONCARD_TESTS_PROBE_PROBE_SERVICE_H_

#include <memory>

#include "common/auth/token.h"
#include "probe/probe.grpc.pb.h"

namespace unioncard::testing {

// The Probe service (tests/probe/probe.proto), built on the same helpers a
// real service uses: ServeAuthenticated, FieldErrors, DownstreamContext.
class ProbeService final : public v1::Probe::Service {
 public:
  // `downstream` may be null when Relay is not used; `downstream_token` is
  // sent with relayed calls.
  ProbeService(auth::TokenVerifier verifier,
               std::shared_ptr<grpc::Channel> downstream = nullptr,
               std::string downstream_token = "");

  grpc::Status Echo(grpc::ServerContext* context,
                    const v1::EchoRequest* request,
                    v1::EchoReply* reply) override;
  grpc::Status Relay(grpc::ServerContext* context,
                     const v1::EchoRequest* request,
                     v1::EchoReply* reply) override;
  grpc::Status Validate(grpc::ServerContext* context,
                        const v1::ValidateRequest* request,
                        v1::EchoReply* reply) override;

 private:
  auth::TokenVerifier verifier_;
  std::unique_ptr<v1::Probe::Stub> downstream_;
  std::string downstream_token_;
};

}  // namespace unioncard::testing

#endif  // UNIONCARD_TESTS_PROBE_PROBE_SERVICE_H_
