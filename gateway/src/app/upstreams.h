#ifndef UNIONCARD_GATEWAY_SRC_APP_UPSTREAMS_H_
#define UNIONCARD_GATEWAY_SRC_APP_UPSTREAMS_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::gateway {

// The services behind the gateway, by proto package: a method
// "unioncard.member.v1.MemberService/GetMember" goes to the channel of
// "unioncard.member.v1". Calls are generic (bytes in, bytes out), so one
// code path serves every route of the table.
class Upstreams {
 public:
  // package → target ("unioncard.member.v1" → "dns:///member-svc:50051").
  explicit Upstreams(const std::map<std::string, std::string>& targets);

  // One unary call with the caller's token; the thread's request id and
  // `deadline` travel with it. Field violations survive in the status.
  absl::StatusOr<std::string> CallUnary(const std::string& method,
                                        const std::string& request_bytes,
                                        const std::string& token,
                                        absl::Duration deadline) const;

  // The same, on the service of `package` ("unioncard.card.v1"): for
  // methods every service serves (unioncard.audit.v1.AuditLog).
  absl::StatusOr<std::string> CallUnaryAt(const std::string& package,
                                          const std::string& method,
                                          const std::string& request_bytes,
                                          const std::string& token,
                                          absl::Duration deadline) const;

  // The channel for a method's package (NOT_FOUND for an unknown one).
  absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelFor(
      const std::string& method) const;

  // grpc.health.v1 of every upstream: OK when all answer SERVING, else
  // UNAVAILABLE naming the ones that do not.
  absl::Status CheckAllServing(absl::Duration deadline) const;

  const std::map<std::string, std::string>& targets() const { return targets_; }

 private:
  std::map<std::string, std::string> targets_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_UPSTREAMS_H_
