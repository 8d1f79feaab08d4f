#include "tests/probe/probe_service.h"

#include "absl/time/clock.h"
#include "common/grpc/authenticated_call.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/status_bridge.h"
#include "common/log/request_id.h"
#include "common/person/resident_id.h"
#include "common/status/field_violations.h"

namespace unioncard::testing {

ProbeService::ProbeService(auth::TokenVerifier verifier,
                           std::shared_ptr<grpc::Channel> downstream,
                           std::string downstream_token)
    : verifier_(std::move(verifier)),
      downstream_(downstream ? v1::Probe::NewStub(downstream) : nullptr),
      downstream_token_(std::move(downstream_token)) {}

grpc::Status ProbeService::Echo(grpc::ServerContext* context,
                                const v1::EchoRequest* request,
                                v1::EchoReply* reply) {
  return rpc::ServeAuthenticated(
      *context, verifier_, [&](const auth::Principal& caller) {
        if (request->sleep_ms() > 0) {
          absl::SleepFor(absl::Milliseconds(request->sleep_ms()));
        }
        reply->set_message(request->message());
        reply->set_caller_subject(caller.subject);
        reply->set_caller_role(std::string(auth::RoleName(caller.role)));
        reply->set_request_id(log::CurrentRequestId());
        reply->set_peer_certificate(rpc::PeerCertificateName(*context));
        return absl::OkStatus();
      });
}

grpc::Status ProbeService::Relay(grpc::ServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoReply* reply) {
  return rpc::ServeAuthenticated(
      *context, verifier_, [&](const auth::Principal&) -> absl::Status {
        if (downstream_ == nullptr) {
          return absl::FailedPreconditionError("no downstream configured");
        }
        auto downstream_context =
            rpc::DownstreamContext(*context, absl::Seconds(5));
        rpc::SetBearerToken(*downstream_context, downstream_token_);
        return rpc::FromGrpcStatus(
            downstream_->Echo(downstream_context.get(), *request, reply));
      });
}

grpc::Status ProbeService::Validate(grpc::ServerContext* context,
                                    const v1::ValidateRequest* request,
                                    v1::EchoReply* reply) {
  return rpc::ServeAuthenticated(
      *context, verifier_, [&](const auth::Principal&) {
        status::FieldErrors errors;
        if (request->name().empty()) errors.Add("name", "is required");
        errors.Merge("id_number",
                     person::ParseResidentId(request->id_number(),
                                             absl::CivilDay(2026, 11, 28))
                         .status());
        if (!errors.empty()) return errors.ToStatus();
        reply->set_message("valid");
        return absl::OkStatus();
      });
}

}  // namespace unioncard::testing
