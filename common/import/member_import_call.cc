#include "common/import/member_import_call.h"

#include <exception>
#include <thread>

#include "common/grpc/status_bridge.h"

namespace unioncard::import {

namespace v1 = unioncard::member::v1;

absl::Status CallImportMembers(
    v1::MemberService::StubInterface& stub, grpc::ClientContext& context,
    const v1::ImportHeader& header,
    const std::function<bool(v1::ImportRows&)>& next_rows,
    const std::function<void(v1::ImportMembersResponse&)>& on_answer) {
  std::unique_ptr<grpc::ClientReaderWriterInterface<v1::ImportMembersRequest,
                                                    v1::ImportMembersResponse>>
      stream = stub.ImportMembers(&context);
  // gRPC allows one reader and one writer on a stream at once. Read ends
  // false when the call ends, however it ends. An exception from
  // `on_answer` cancels the call and is rethrown here once both sides
  // have stopped.
  std::exception_ptr reader_failed;
  std::thread reader([&] {
    try {
      v1::ImportMembersResponse answer;
      while (stream->Read(&answer)) {
        on_answer(answer);
        answer.Clear();
      }
    } catch (...) {
      reader_failed = std::current_exception();
      context.TryCancel();
    }
  });
  // Likewise for an exception from `next_rows` (the gateway's progress
  // line is written from it): the reader must be joined before the
  // thread object goes, or the process ends.
  struct JoinOnExit {
    grpc::ClientContext& context;
    std::thread& reader;
    ~JoinOnExit() {
      if (reader.joinable()) {
        context.TryCancel();
        reader.join();
      }
    }
  } join_on_exit{context, reader};

  v1::ImportMembersRequest message;
  *message.mutable_header() = header;
  bool open = stream->Write(message);
  while (open) {
    message.Clear();
    if (!next_rows(*message.mutable_rows())) break;
    open = stream->Write(message);
  }
  // A refused stream (a bad header, no access) ends here too: its status
  // says why.
  stream->WritesDone();
  reader.join();
  const grpc::Status status = stream->Finish();
  if (reader_failed) std::rethrow_exception(reader_failed);
  return rpc::FromGrpcStatus(status);
}

void MergeImportAnswer(v1::ImportMembersResponse& answer,
                       v1::ImportMembersResponse& all) {
  for (v1::ImportRowResult& result : *answer.mutable_results()) {
    *all.add_results() = std::move(result);
  }
  all.set_created(answer.created());
  all.set_unchanged(answer.unchanged());
  all.set_failed(answer.failed());
}

}  // namespace unioncard::import
