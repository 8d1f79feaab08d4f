#include "assessment-svc/src/store/assessment_store.h"

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/store/assessment_columns.h"
#include "common/db/audit_log.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

constexpr char kColumns[] =
    "SELECT year, revision, state, inputs, result, computed_by, computed_at, "
    "inputs_changed_at IS NOT NULL AS inputs_changed "
    "FROM assessment_revisions ";

AssessmentRecord FromRow(const db::Row& r) {
  AssessmentRecord a;
  a.year = r.Int("year");
  a.revision = r.Int("revision");
  a.state = r.Enum("state", kAssessmentStateColumn);
  a.inputs_json = r.String("inputs");
  a.result_json = r.String("result");
  a.computed_by = r.String("computed_by");
  a.computed_at = r.Time("computed_at");
  a.inputs_changed = r.Bool("inputs_changed");
  return a;
}

// The latest revision of `year`; `lock` is appended to the query.
std::optional<AssessmentRecord> Latest(sql::Connection& c, int year,
                                       const char* lock) {
  std::unique_ptr<sql::PreparedStatement> select(
      c.prepareStatement(absl::StrCat(
          kColumns, "WHERE year = ? ORDER BY revision DESC LIMIT 1", lock)));
  select->setInt(1, year);
  std::unique_ptr<sql::ResultSet> r(select->executeQuery());
  if (!r->next()) return std::nullopt;
  return FromRow(db::Row(*r));
}

}  // namespace

absl::Status ChangeInputsOf(sql::Connection& connection, int year) {
  std::optional<AssessmentRecord> latest =
      Latest(connection, year, " FOR UPDATE");
  if (!latest) return absl::OkStatus();
  if (!InputsEditable(latest->state)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the ", year, " assessment (revision ", latest->revision, ") is ",
        AssessmentStateName(latest->state),
        ": its inputs are locked; a correction of the published assessment "
        "opens a new revision"));
  }
  std::unique_ptr<sql::PreparedStatement> mark(connection.prepareStatement(
      "UPDATE assessment_revisions SET inputs_changed_at = NOW(6) "
      "WHERE year = ? AND revision = ?"));
  mark->setInt(1, year);
  mark->setInt(2, latest->revision);
  mark->executeUpdate();
  return absl::OkStatus();
}

absl::StatusOr<AssessmentRecord> AssessmentStore::Apply(
    const auth::Principal& caller, int year, const Decide& decide) {
  AssessmentRecord after;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    // Locks the gap too when there is no revision yet, so two first
    // computations do not both insert revision 1.
    std::optional<AssessmentRecord> latest = Latest(c, year, " FOR UPDATE");
    ASSIGN_OR_RETURN(std::optional<Change> change, decide(latest));
    if (!change) {
      if (latest) after = *latest;
      return absl::OkStatus();
    }
    const AssessmentRecord& r = change->record;
    const bool is_new = !latest || r.revision > latest->revision;
    std::unique_ptr<sql::PreparedStatement> write(c.prepareStatement(
        is_new ? "INSERT INTO assessment_revisions (state, inputs, result, "
                 "computed_by, computed_at, inputs_changed_at, year, "
                 "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
               : "UPDATE assessment_revisions SET state = ?, inputs = ?, "
                 "result = ?, computed_by = ?, computed_at = ?, "
                 "inputs_changed_at = ? WHERE year = ? AND revision = ?"));
    write->setInt(1, kAssessmentStateColumn.Encode(r.state));
    write->setString(2, r.inputs_json);
    write->setString(3, r.result_json);
    write->setString(4, r.computed_by);
    write->setString(5, db::FormatSqlTimestamp(r.computed_at));
    if (r.inputs_changed) {
      write->setString(6, db::FormatSqlTimestamp(absl::Now()));
    } else {
      write->setNull(6, sql::DataType::TIMESTAMP);
    }
    write->setInt(7, year);
    write->setInt(8, r.revision);
    write->executeUpdate();
    const StepRecord& s = change->step;
    std::unique_ptr<sql::PreparedStatement> step(c.prepareStatement(
        "INSERT INTO assessment_steps (year, revision, step, from_state, "
        "to_state, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    step->setInt(1, year);
    step->setInt(2, r.revision);
    step->setInt(3, kWorkflowStepColumn.Encode(s.step));
    step->setInt(4, kAssessmentStateColumn.Encode(s.from));
    step->setInt(5, kAssessmentStateColumn.Encode(s.to));
    step->setString(6, caller.subject);
    step->setString(7, s.note);
    step->executeUpdate();
    after = r;
    return db::AppendAudit(
        c, {{caller.subject,
             std::string(auth::RoleName(caller.role)),
             absl::StrCat("assessment.", WorkflowStepName(s.step)),
             "assessment",
             absl::StrCat(year, "/", r.revision),
             {{"from", AssessmentStateName(s.from)},
              {"to", AssessmentStateName(s.to)},
              {"note", s.note}}}});
  }));
  return after;
}

absl::StatusOr<std::optional<AssessmentRecord>> AssessmentStore::Get(
    int year, int revision) {
  std::optional<AssessmentRecord> found;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    if (revision == 0) {
      found = Latest(c, year, "");
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat(kColumns, "WHERE year = ? AND revision = ?")));
    select->setInt(1, year);
    select->setInt(2, revision);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (r->next()) found = FromRow(db::Row(*r));
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<std::vector<int>> AssessmentStore::Revisions(int year) {
  std::vector<int> revisions;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT revision FROM assessment_revisions WHERE year = ? "
        "ORDER BY revision"));
    select->setInt(1, year);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) revisions.push_back(db::Row(*r).Int("revision"));
    return absl::OkStatus();
  }));
  return revisions;
}

absl::StatusOr<std::vector<StepRecord>> AssessmentStore::History(int year) {
  std::vector<StepRecord> steps;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT revision, step, from_state, to_state, actor, at, note "
        "FROM assessment_steps WHERE year = ? ORDER BY id"));
    select->setInt(1, year);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) {
      const db::Row row(*r);
      StepRecord s;
      s.revision = row.Int("revision");
      s.step = row.Enum("step", kWorkflowStepColumn);
      s.from = row.Enum("from_state", kAssessmentStateColumn);
      s.to = row.Enum("to_state", kAssessmentStateColumn);
      s.actor = row.String("actor");
      s.at = row.Time("at");
      s.note = row.String("note");
      steps.push_back(std::move(s));
    }
    return absl::OkStatus();
  }));
  return steps;
}

}  // namespace unioncard::assessment
