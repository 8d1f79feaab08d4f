#ifndef UNIONCARD_COMMON_IMPORT_MEMBER_IMPORT_CALL_H_
#define UNIONCARD_COMMON_IMPORT_MEMBER_IMPORT_CALL_H_

#include <functional>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::import {

// One MemberService.ImportMembers call as every client makes it. The RPC
// streams both ways: member-svc answers each batch once it is committed.
// Rows are written here while a thread of the call's own reads the answers
// — a client that wrote every row before reading would stall both sides
// once HTTP/2 flow control's window filled with unread answers.
//
// Sends `header`, then each chunk `next_rows` fills until it returns false;
// `on_answer` gets every answer, in order, on the reading thread — while
// `next_rows` may still be running on the calling one, so the two must not
// share state unguarded. Returns the call's status once every answer has
// been handed over. An exception from either callback cancels the call
// and propagates once the reading thread has stopped.
absl::Status CallImportMembers(
    unioncard::member::v1::MemberService::StubInterface& stub,
    grpc::ClientContext& context,
    const unioncard::member::v1::ImportHeader& header,
    const std::function<bool(unioncard::member::v1::ImportRows&)>& next_rows,
    const std::function<void(unioncard::member::v1::ImportMembersResponse&)>&
        on_answer);

// Adds `answer` to `all`: its results appended, the counts taken (an
// answer's counts are the call's so far), for callers that want the whole
// file's results in one message (tests; a small file).
void MergeImportAnswer(unioncard::member::v1::ImportMembersResponse& answer,
                       unioncard::member::v1::ImportMembersResponse& all);

}  // namespace unioncard::import

#endif  // UNIONCARD_COMMON_IMPORT_MEMBER_IMPORT_CALL_H_
