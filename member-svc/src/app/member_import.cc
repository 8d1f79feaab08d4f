#include "member-svc/src/app/member_import.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/log/request_id.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

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

absl::Status MemberImport::CheckImporter(const auth::Principal& caller) const {
  return policy_->CheckWrite(caller, caller.org_path);
}

std::unique_ptr<ImportRun> MemberImport::Start(const auth::Principal& caller,
                                               std::string source_name,
                                               std::string default_org_id,
                                               absl::CivilDay today,
                                               AnswerImportBatch answer) const {
  return std::make_unique<ImportRun>(
      changes_, members_, rules_, caller, std::move(source_name),
      std::move(default_org_id), today, appended_, std::move(answer));
}

ImportRun::ImportRun(const MemberChanges* changes, MemberStore* members,
                     const MemberPolicy* rules, const auth::Principal& caller,
                     std::string source_name, std::string default_org_id,
                     absl::CivilDay today, std::function<void()> appended,
                     AnswerImportBatch answer)
    : changes_(changes),
      members_(members),
      rules_(rules),
      caller_(caller),
      source_name_(std::move(source_name)),
      default_org_id_(std::move(default_org_id)),
      today_(today),
      appended_(std::move(appended)),
      answer_(std::move(answer)),
      batch_(std::make_unique<Batch>()) {
  batch_->reserve(kRowsPerTransaction);
}

absl::StatusOr<OrgUnit>& ImportRun::UnionFor(const std::string& code) {
  auto it = unions_.find(code);
  if (it == unions_.end()) {
    it = unions_
             .emplace(code, changes_->WritableGrassroots(caller_, code,
                                                         "grassroots_code"))
             .first;
  }
  return it->second;
}

absl::Status ImportRun::Add(const ImportRowInput& in) {
  if (batch_->size() == kRowsPerTransaction) RETURN_IF_ERROR(StartWrite());
  ImportCandidate& row = batch_->emplace_back();
  row.row_number = in.row_number;
  absl::StatusOr<OrgUnit>& org = UnionFor(
      in.grassroots_code.empty() ? default_org_id_ : in.grassroots_code);
  if (!org.ok() && !IsRowProblem(org.status())) {
    // The database, not the row: stop; a re-import is safe.
    return org.status();
  }
  if (!org.ok()) {
    FailWith(row, org.status());
    if (row.field.empty()) row.field = "grassroots_code";
    return absl::OkStatus();
  }
  absl::StatusOr<bool> migrant = ParseYesNo(in.migrant_worker);
  if (!migrant.ok()) {
    Fail(row, "migrant_worker", std::string(migrant.status().message()));
    return absl::OkStatus();
  }
  MemberInput input{in.name,     in.id_number, in.mobile,
                    in.employer, *migrant,     in.join_date};
  absl::StatusOr<ValidMember> valid = ValidateMember(input, today_, *rules_);
  if (!valid.ok()) {
    FailWith(row, valid.status());
    return absl::OkStatus();
  }
  row.member = NewMember{*std::move(valid), *org};
  return absl::OkStatus();
}

absl::Status ImportRun::Finish() {
  RETURN_IF_ERROR(StartWrite());
  return FinishAll();
}

absl::Status ImportRun::FinishOldest() {
  Write oldest = std::move(in_flight_.front());
  in_flight_.pop_front();
  RETURN_IF_ERROR(oldest.done.get());
  if (appended_) appended_();
  return answer_(*oldest.rows);
}

absl::Status ImportRun::FinishAll() {
  while (!in_flight_.empty()) RETURN_IF_ERROR(FinishOldest());
  return absl::OkStatus();
}

// Pipelined: while batches are written to the database on worker threads
// (up to kWritesInFlight at once, so the database works on one while the
// other waits for the feed's lock or its commit), the next is read and
// validated by the caller. Results go back in file order. A batch naming a
// person a batch still being written names waits for it, so the earlier
// row is the one that registers them (and the two inserts do not deadlock
// on the unique key).
absl::Status ImportRun::StartWrite() {
  std::set<std::string> people;
  for (const ImportCandidate& row : *batch_) {
    if (row.outcome == ImportRowOutcome::kPending) {
      people.insert(row.member.member.id.number);
    }
  }
  const bool shares_people =
      std::any_of(in_flight_.begin(), in_flight_.end(), [&](const Write& w) {
        return std::any_of(
            people.begin(), people.end(),
            [&](const std::string& p) { return w.people.count(p); });
      });
  if (shares_people) RETURN_IF_ERROR(FinishAll());
  if (in_flight_.size() == kWritesInFlight) RETURN_IF_ERROR(FinishOldest());
  // A write already done is taken now: a failed one stops the import
  // before another batch is written.
  while (!in_flight_.empty() &&
         in_flight_.front().done.wait_for(std::chrono::seconds(0)) ==
             std::future_status::ready) {
    RETURN_IF_ERROR(FinishOldest());
  }
  Write& write = in_flight_.emplace_back();
  write.people = std::move(people);
  write.rows = std::move(batch_);
  batch_ = std::make_unique<Batch>();
  batch_->reserve(kRowsPerTransaction);
  write.done = std::async(
      std::launch::async,
      [this, rows = write.rows.get(), request_id = log::CurrentRequestId()] {
        log::RequestIdScope scope(request_id);  // for the audit row
        std::vector<ImportCandidate*> pending;
        for (ImportCandidate& row : *rows) {
          if (row.outcome == ImportRowOutcome::kPending) {
            pending.push_back(&row);
          }
        }
        return members_->ImportChunk(caller_, source_name_, pending);
      });
  return absl::OkStatus();
}

}  // namespace unioncard::member
