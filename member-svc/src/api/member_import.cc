// MemberService.ImportMembers: the stream's adapter. The rows go to an
// ImportRun (src/app/member_import.h), which checks and writes them; each
// committed batch's results are streamed back with the counts so far.
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/grpc/authenticated_call.h"
#include "common/person/resident_id.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "member-svc/src/api/member_service.h"
#include "member-svc/src/api/proto_mapping.h"

namespace unioncard::member {
namespace {

void AddResult(const ImportCandidate& done, v1::ImportRowResult* result) {
  result->set_row_number(done.row_number);
  result->set_outcome(ToProto(done.outcome));
  result->set_member_id(done.member_id);
  result->set_field(done.field);
  result->set_reason(done.reason);
  if (done.outcome != ImportRowOutcome::kFailed) {
    if (std::string warning =
            person::UnknownRegionWarning(done.member.member.id.region_code);
        !warning.empty()) {
      result->add_warnings(absl::StrCat("id_number: ", warning));
    }
  }
}

}  // namespace

grpc::Status MemberService::ImportMembers(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::ImportMembersResponse,
                             v1::ImportMembersRequest>* stream) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(import_.CheckImporter(caller));
        v1::ImportMembersRequest message;
        if (!stream->Read(&message) || !message.has_header()) {
          return status::InvalidField(
              "header", "the first message must be the import header");
        }
        // Each committed batch is answered at once, with the counts so
        // far: only the batches in flight are held, whatever the file's
        // size.
        v1::ImportMembersResponse counts;
        auto answer =
            [&](const std::vector<ImportCandidate>& rows) -> absl::Status {
          v1::ImportMembersResponse response = counts;
          for (const ImportCandidate& done : rows) {
            AddResult(done, response.add_results());
            switch (done.outcome) {
              case ImportRowOutcome::kCreated:
                counts.set_created(counts.created() + 1);
                break;
              case ImportRowOutcome::kUnchanged:
                counts.set_unchanged(counts.unchanged() + 1);
                break;
              default:
                counts.set_failed(counts.failed() + 1);
            }
          }
          response.set_created(counts.created());
          response.set_unchanged(counts.unchanged());
          response.set_failed(counts.failed());
          if (!stream->Write(response)) {
            // The client is gone; what was committed stays (a re-import of
            // the same file is safe).
            return absl::CancelledError(
                "the client stopped reading the import's answers");
          }
          return absl::OkStatus();
        };
        std::unique_ptr<ImportRun> run = import_.Start(
            caller, message.header().source_name(),
            message.header().default_org_id(), d_.today(), answer);
        while (stream->Read(&message)) {
          if (!message.has_rows()) {
            return status::InvalidField("rows", "only one header may be sent");
          }
          for (const v1::ImportRow& in : message.rows().rows()) {
            RETURN_IF_ERROR(
                run->Add({in.row_number(), in.grassroots_code(), in.name(),
                          in.id_number(), in.mobile(), in.employer(),
                          in.migrant_worker(), in.join_date()}));
          }
        }
        return run->Finish();
      });
}

}  // namespace unioncard::member
