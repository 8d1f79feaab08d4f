#ifndef UNIONCARD_TESTS_ACCESS_GENERIC_CALL_H_
#define UNIONCARD_TESTS_ACCESS_GENERIC_CALL_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace unioncard::testing {

// What a call by name came back with: the status, and the first response
// message when there was one.
struct CallOutcome {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  std::string message;
  std::unique_ptr<google::protobuf::Message> response;
};

// The request message of `method` from protobuf text format
// ("member_id: 42"); INVALID_ARGUMENT when the text does not parse.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> RequestFromText(
    const google::protobuf::MethodDescriptor& method, const std::string& text);

// Calls any method of any compiled-in service by its descriptor, unary or
// streaming alike: one request message is sent (a client stream then
// closes), one response is read (a server stream is then cancelled), and
// the status is returned. `token` empty: no authorization header.
CallOutcome CallByDescriptor(const std::shared_ptr<grpc::Channel>& channel,
                             const google::protobuf::MethodDescriptor& method,
                             const google::protobuf::Message& request,
                             const std::string& token,
                             absl::Duration deadline = absl::Seconds(5));

}  // namespace unioncard::testing

#endif  // UNIONCARD_TESTS_ACCESS_GENERIC_CALL_H_
