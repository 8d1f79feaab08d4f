#include "common/grpc/reflection_client.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/impl/codegen/client_context.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/impl/codegen/rpc_method.h>
#include <grpcpp/impl/codegen/sync_stream.h>

#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"

namespace unioncard::rpc {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

constexpr char kMethod[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

}  // namespace

absl::StatusOr<std::vector<std::string>> ListServicesByReflection(
    const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout) {
  // Referencing the plugin keeps libgrpc++_reflection (and so its
  // descriptors) linked in.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  const Descriptor* request_type = pool->FindMessageTypeByName(
      "grpc.reflection.v1alpha.ServerReflectionRequest");
  const Descriptor* response_type = pool->FindMessageTypeByName(
      "grpc.reflection.v1alpha.ServerReflectionResponse");
  if (request_type == nullptr || response_type == nullptr) {
    return absl::InternalError("reflection descriptors are not linked in");
  }
  MessageFactory* factory = MessageFactory::generated_factory();
  std::unique_ptr<Message> request(factory->GetPrototype(request_type)->New());
  std::unique_ptr<Message> response(
      factory->GetPrototype(response_type)->New());
  request->GetReflection()->SetString(
      request.get(), request_type->FindFieldByName("list_services"), "*");

  std::unique_ptr<grpc::ClientContext> context = OutboundContext(timeout);
  const grpc::internal::RpcMethod method(
      kMethod, grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<Message, Message>> stream(
      grpc::internal::ClientReaderWriterFactory<Message, Message>::Create(
          channel.get(), method, context.get()));
  stream->Write(*request);
  stream->WritesDone();
  const bool got = stream->Read(response.get());
  absl::Status status = FromGrpcStatus(stream->Finish());
  if (!status.ok()) return status;
  if (!got) return absl::UnavailableError("reflection gave no answer");

  // response.list_services_response.service[].name
  const auto* list_field =
      response_type->FindFieldByName("list_services_response");
  if (!response->GetReflection()->HasField(*response, list_field)) {
    return absl::InternalError("reflection answered without a service list");
  }
  const Message& list =
      response->GetReflection()->GetMessage(*response, list_field);
  const auto* service_field = list.GetDescriptor()->FindFieldByName("service");
  std::vector<std::string> names;
  const int count = list.GetReflection()->FieldSize(list, service_field);
  for (int i = 0; i < count; ++i) {
    const Message& service =
        list.GetReflection()->GetRepeatedMessage(list, service_field, i);
    names.push_back(service.GetReflection()->GetString(
        service, service.GetDescriptor()->FindFieldByName("name")));
  }
  return names;
}

}  // namespace unioncard::rpc
