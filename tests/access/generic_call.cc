#include "tests/access/generic_call.h"

#include <google/protobuf/text_format.h>
#include <grpcpp/generic/generic_stub.h>

#include <vector>

#include "absl/strings/str_cat.h"

namespace unioncard::testing {
namespace {

using google::protobuf::MessageFactory;

// Waits for the one operation in flight on `cq`.
bool Await(grpc::CompletionQueue& cq) {
  void* tag = nullptr;
  bool ok = false;
  return cq.Next(&tag, &ok) && ok;
}

std::unique_ptr<google::protobuf::Message> NewMessage(
    const google::protobuf::Descriptor* type) {
  return std::unique_ptr<google::protobuf::Message>(
      MessageFactory::generated_factory()->GetPrototype(type)->New());
}

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> RequestFromText(
    const google::protobuf::MethodDescriptor& method, const std::string& text) {
  std::unique_ptr<google::protobuf::Message> request =
      NewMessage(method.input_type());
  if (!google::protobuf::TextFormat::ParseFromString(text, request.get())) {
    return absl::InvalidArgumentError(absl::StrCat(
        method.full_name(), ": request text does not parse: ", text));
  }
  return request;
}

CallOutcome CallByDescriptor(const std::shared_ptr<grpc::Channel>& channel,
                             const google::protobuf::MethodDescriptor& method,
                             const google::protobuf::Message& request,
                             const std::string& token,
                             absl::Duration deadline) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  grpc::CompletionQueue cq;
  const std::string path =
      absl::StrCat("/", method.service()->full_name(), "/", method.name());
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, path, &cq);
  CallOutcome outcome;
  call->StartCall(nullptr);
  if (Await(cq)) {
    grpc::Slice slice(request.SerializeAsString());
    grpc::ByteBuffer out(&slice, 1);
    call->Write(out, nullptr);
    if (Await(cq)) {
      call->WritesDone(nullptr);
      Await(cq);
    }
    grpc::ByteBuffer in;
    call->Read(&in, nullptr);
    if (Await(cq)) {
      std::vector<grpc::Slice> slices;
      if (in.Dump(&slices).ok()) {
        std::string bytes;
        for (const grpc::Slice& s : slices) {
          bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
        outcome.response = NewMessage(method.output_type());
        outcome.response->ParseFromString(bytes);
      }
      // A feed would go on streaming: one message is enough to know the
      // caller got in.
      if (method.server_streaming()) context.TryCancel();
    }
  }
  grpc::Status status;
  call->Finish(&status, nullptr);
  Await(cq);
  cq.Shutdown();
  void* tag;
  bool ok;
  while (cq.Next(&tag, &ok)) {
  }
  outcome.code = status.error_code();
  outcome.message = status.error_message();
  return outcome;
}

}  // namespace unioncard::testing
