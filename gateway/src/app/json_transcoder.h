#ifndef UNIONCARD_GATEWAY_SRC_APP_JSON_TRANSCODER_H_
#define UNIONCARD_GATEWAY_SRC_APP_JSON_TRANSCODER_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace unioncard::gateway {

// JSON ⇄ protobuf for one gRPC method, from the descriptors compiled into
// the gateway (protobuf's JSON mapping, field names as in the .proto).
class JsonTranscoder {
 public:
  // "unioncard.member.v1.MemberService/GetMember" → its descriptor;
  // NOT_FOUND when the method is not compiled in.
  static absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(
      const std::string& method);

  // The request message from, in increasing priority: the JSON body (an
  // object, or empty), the query parameters (name=value, repeated names
  // for repeated fields), and the path variables ("member.id" sets a
  // nested field). INVALID_ARGUMENT naming the field for a wrong type, an
  // unknown field or bad JSON.
  static absl::StatusOr<std::unique_ptr<google::protobuf::Message>>
  BuildRequest(const google::protobuf::Descriptor* type,
               const std::string& body,
               const std::vector<std::pair<std::string, std::string>>& query,
               const std::map<std::string, std::string>& path_variables);

  // Every field printed, zero values included, names as in the .proto.
  static absl::StatusOr<std::string> ToJson(
      const google::protobuf::Message& message);

  // Whether `path` ("member.id") names a scalar field of `type`.
  static bool IsScalarFieldPath(const google::protobuf::Descriptor* type,
                                const std::string& path);
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_JSON_TRANSCODER_H_
