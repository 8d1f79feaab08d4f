// MemberService.ImportMembers: rows stream in chunks; each row is checked
// on its own and the good ones are written a chunk per transaction.
#include <future>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/grpc/authenticated_call.h"
#include "common/log/request_id.h"
#include "common/person/resident_id.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "member-svc/src/api/member_service.h"
#include "member-svc/src/api/proto_mapping.h"

namespace unioncard::member {
namespace {

constexpr size_t kRowsPerTransaction = 2000;

void Fail(ImportCandidate& row, std::string field, std::string reason) {
  row.outcome = ImportRowOutcome::kFailed;
  row.field = std::move(field);
  row.reason = std::move(reason);
}

// The first violation of a row's status, as field + reason.
void FailWith(ImportCandidate& row, const absl::Status& status) {
  std::vector<status::FieldViolation> violations =
      status::FieldViolationsOf(status);
  if (violations.empty()) {
    Fail(row, "", std::string(status.message()));
    return;
  }
  std::string reason;
  for (const auto& v : violations) {
    if (!reason.empty()) reason += "; ";
    absl::StrAppend(&reason, v.field, ": ", v.description);
  }
  Fail(row, violations.front().field, reason);
}

// A union the clerk named wrongly or may not use fails its rows; anything
// else (the database unreachable) is not the file's fault.
bool IsRowProblem(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
      return true;
    default:
      return false;
  }
}

}  // namespace

grpc::Status MemberService::ImportMembers(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ImportMembersRequest>* reader,
    v1::ImportMembersResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        // Only roles that register members may stream a file; whether each
        // row's union is the caller's is answered per row below.
        RETURN_IF_ERROR(d_.policy.CheckWrite(caller, caller.org_path));
        v1::ImportMembersRequest message;
        if (!reader->Read(&message) || !message.has_header()) {
          return status::InvalidField(
              "header", "the first message must be the import header");
        }
        const v1::ImportHeader header = message.header();
        const absl::CivilDay today = d_.today();

        // Unions named in the file, looked up once each. A union the caller
        // may not write to fails its rows, not the import.
        std::map<std::string, absl::StatusOr<OrgUnit>> unions;
        auto union_for =
            [&](const std::string& code) -> absl::StatusOr<OrgUnit>& {
          auto it = unions.find(code);
          if (it == unions.end()) {
            it = unions
                     .emplace(code, WritableGrassroots(caller, code,
                                                       "grassroots_code"))
                     .first;
          }
          return it->second;
        };

        // Pipelined: while one batch is written to the database on a
        // worker thread, the next is read and validated here.
        using Batch = std::vector<ImportCandidate>;
        auto batch = std::make_unique<Batch>();
        batch->reserve(kRowsPerTransaction);
        std::unique_ptr<Batch> in_flight;
        std::future<absl::Status> writing;
        auto emit_results = [&](const Batch& done_rows) {
          for (const ImportCandidate& done : done_rows) {
            v1::ImportRowResult* result = response->add_results();
            result->set_row_number(done.row_number);
            result->set_outcome(ToProto(done.outcome));
            result->set_member_id(done.member_id);
            result->set_field(done.field);
            result->set_reason(done.reason);
            if (done.outcome != ImportRowOutcome::kFailed) {
              if (std::string warning = person::UnknownRegionWarning(
                      done.member.member.id.region_code);
                  !warning.empty()) {
                result->add_warnings(absl::StrCat("id_number: ", warning));
              }
            }
          }
        };
        auto finish_in_flight = [&]() -> absl::Status {
          if (!writing.valid()) return absl::OkStatus();
          RETURN_IF_ERROR(writing.get());
          d_.feed->NotifyAppended();
          emit_results(*in_flight);
          in_flight.reset();
          return absl::OkStatus();
        };
        auto start_write = [&]() -> absl::Status {
          RETURN_IF_ERROR(finish_in_flight());
          in_flight = std::move(batch);
          batch = std::make_unique<Batch>();
          batch->reserve(kRowsPerTransaction);
          writing = std::async(
              std::launch::async,
              [this, &caller, &header, rows = in_flight.get(),
               request_id = log::CurrentRequestId()] {
                log::RequestIdScope scope(request_id);  // for the audit row
                std::vector<ImportCandidate*> pending;
                for (ImportCandidate& row : *rows) {
                  if (row.outcome == ImportRowOutcome::kPending) {
                    pending.push_back(&row);
                  }
                }
                return d_.members->ImportChunk(caller, header.source_name(),
                                               pending);
              });
          return absl::OkStatus();
        };

        while (reader->Read(&message)) {
          if (!message.has_rows()) {
            return status::InvalidField("rows", "only one header may be sent");
          }
          for (const v1::ImportRow& in : message.rows().rows()) {
            if (batch->size() == kRowsPerTransaction) {
              RETURN_IF_ERROR(start_write());
            }
            ImportCandidate& row = batch->emplace_back();
            row.row_number = in.row_number();
            const std::string code = in.grassroots_code().empty()
                                         ? header.default_org_id()
                                         : in.grassroots_code();
            absl::StatusOr<OrgUnit>& org = union_for(code);
            if (!org.ok() && !IsRowProblem(org.status())) {
              // The database, not the row: stop; a re-import is safe.
              return org.status();
            }
            if (!org.ok()) {
              FailWith(row, org.status());
              if (row.field.empty()) row.field = "grassroots_code";
              continue;
            }
            absl::StatusOr<bool> migrant = ParseYesNo(in.migrant_worker());
            if (!migrant.ok()) {
              Fail(row, "migrant_worker",
                   std::string(migrant.status().message()));
              continue;
            }
            MemberInput input{in.name(),     in.id_number(), in.mobile(),
                              in.employer(), *migrant,       in.join_date()};
            absl::StatusOr<ValidMember> valid =
                ValidateMember(input, today, d_.rules);
            if (!valid.ok()) {
              FailWith(row, valid.status());
              continue;
            }
            row.member = NewMember{*std::move(valid), *org};
          }
        }
        RETURN_IF_ERROR(start_write());
        RETURN_IF_ERROR(finish_in_flight());
        for (const v1::ImportRowResult& r : response->results()) {
          if (r.outcome() == v1::CREATED) {
            response->set_created(response->created() + 1);
          } else if (r.outcome() == v1::UNCHANGED) {
            response->set_unchanged(response->unchanged() + 1);
          } else {
            response->set_failed(response->failed() + 1);
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::member
