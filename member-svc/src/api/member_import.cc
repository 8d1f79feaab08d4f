// MemberService.ImportMembers: rows stream in chunks; each row is checked
// on its own, the good ones are written a batch per transaction, and each
// batch's results are streamed back once it is committed.
#include <algorithm>
#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <set>

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
constexpr size_t kWritesInFlight = 2;

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
    grpc::ServerReaderWriter<v1::ImportMembersResponse,
                             v1::ImportMembersRequest>* stream) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        // Only roles that register members may stream a file; whether each
        // row's union is the caller's is answered per row below.
        RETURN_IF_ERROR(d_.policy.CheckWrite(caller, caller.org_path));
        v1::ImportMembersRequest message;
        if (!stream->Read(&message) || !message.has_header()) {
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
                     .emplace(code, changes_.WritableGrassroots(
                                        caller, code, "grassroots_code"))
                     .first;
          }
          return it->second;
        };

        // Pipelined: while batches are written to the database on worker
        // threads (up to kWritesInFlight at once, so the database works on
        // one while the other waits for the feed's lock or its commit),
        // the next is read and validated here. Results go back in file
        // order. A batch naming a person a batch still being written names
        // waits for it, so the earlier row is the one that registers them
        // (and the two inserts do not deadlock on the unique key).
        using Batch = std::vector<ImportCandidate>;
        struct Write {
          std::unique_ptr<Batch> rows;
          std::set<std::string> people;  // ID numbers of its valid rows
          std::future<absl::Status> done;
        };
        auto batch = std::make_unique<Batch>();
        batch->reserve(kRowsPerTransaction);
        // Declared after everything the writers read, so that on an early
        // return the futures' destructors wait for them first.
        std::deque<Write> in_flight;
        // Each committed batch is answered at once, with the counts so far:
        // only the batches in flight are held, whatever the file's size.
        // The last batch (empty only for a file of no rows) is always
        // written and answered, so every call ends with the totals.
        v1::ImportMembersResponse counts;
        auto answer = [&](const Batch& done_rows) -> absl::Status {
          v1::ImportMembersResponse response = counts;
          for (const ImportCandidate& done : done_rows) {
            v1::ImportRowResult* result = response.add_results();
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
        auto finish_oldest = [&]() -> absl::Status {
          Write oldest = std::move(in_flight.front());
          in_flight.pop_front();
          RETURN_IF_ERROR(oldest.done.get());
          d_.feed->NotifyAppended();
          return answer(*oldest.rows);
        };
        auto finish_all = [&]() -> absl::Status {
          while (!in_flight.empty()) RETURN_IF_ERROR(finish_oldest());
          return absl::OkStatus();
        };
        auto start_write = [&]() -> absl::Status {
          std::set<std::string> people;
          for (const ImportCandidate& row : *batch) {
            if (row.outcome == ImportRowOutcome::kPending) {
              people.insert(row.member.member.id.number);
            }
          }
          const bool shares_people = std::any_of(
              in_flight.begin(), in_flight.end(), [&](const Write& w) {
                return std::any_of(
                    people.begin(), people.end(),
                    [&](const std::string& p) { return w.people.count(p); });
              });
          if (shares_people) RETURN_IF_ERROR(finish_all());
          if (in_flight.size() == kWritesInFlight) {
            RETURN_IF_ERROR(finish_oldest());
          }
          // A write already done is taken now: a failed one stops the
          // import before another batch is written.
          while (!in_flight.empty() &&
                 in_flight.front().done.wait_for(std::chrono::seconds(0)) ==
                     std::future_status::ready) {
            RETURN_IF_ERROR(finish_oldest());
          }
          Write& write = in_flight.emplace_back();
          write.people = std::move(people);
          write.rows = std::move(batch);
          batch = std::make_unique<Batch>();
          batch->reserve(kRowsPerTransaction);
          write.done = std::async(
              std::launch::async,
              [this, &caller, &header, rows = write.rows.get(),
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

        while (stream->Read(&message)) {
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
        RETURN_IF_ERROR(finish_all());
        return absl::OkStatus();
      });
}

}  // namespace unioncard::member
