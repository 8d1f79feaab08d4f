#include "assessment-svc/src/api/annual_assessment_service.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/api/assessment_convert.h"
#include "assessment-svc/src/app/year_inputs.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::assessment {
namespace {

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& m) {
  std::string json;
  auto s = google::protobuf::util::MessageToJsonString(m, &json);
  if (!s.ok()) return absl::InternalError(s.message().as_string());
  return json;
}

absl::Status FromJson(const std::string& json, google::protobuf::Message* m) {
  auto s = google::protobuf::util::JsonStringToMessage(json, m);
  if (!s.ok()) {
    return absl::DataLossError(absl::StrCat(
        "a stored assessment does not parse: ", s.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AssessmentRecord> AnnualAssessmentService::ComputeRevision(
    const auth::Principal& caller, int year, int revision) {
  ASSIGN_OR_RETURN(
      std::vector<UnitYearInputs> units,
      GatherYearInputs({d_.plan_book, d_.progress, d_.service_items,
                        d_.regular_items, d_.incidents},
                       year));
  ASSIGN_OR_RETURN(YearAssessment scored,
                   AssessYearFromQuarters(year, units, d_.policy));
  AssessmentRecord record;
  record.year = year;
  record.revision = revision;
  record.state = AssessmentState::kDraft;
  ASSIGN_OR_RETURN(record.inputs_json, ToJson(ToProto(year, units)));
  ASSIGN_OR_RETURN(record.result_json,
                   ToJson(ToProto(scored, [this](const std::string& code) {
                     return d_.plan_book->NameOf(code);
                   })));
  record.computed_by = caller.subject;
  record.computed_at = absl::Now();
  return record;
}

absl::Status AnnualAssessmentService::Describe(const AssessmentRecord& record,
                                               v1::Assessment* out) {
  out->set_year(record.year);
  out->set_revision(record.revision);
  out->set_state(static_cast<v1::AssessmentState>(record.state));
  RETURN_IF_ERROR(FromJson(record.inputs_json, out->mutable_inputs()));
  RETURN_IF_ERROR(FromJson(record.result_json, out->mutable_result()));
  rpc::SetTimestamp(record.computed_at, out->mutable_computed_at());
  out->set_computed_by(record.computed_by);
  ASSIGN_OR_RETURN(std::vector<StepRecord> steps,
                   d_.assessments->History(record.year));
  for (const StepRecord& s : steps) {
    v1::AssessmentHistoryEntry* h = out->add_history();
    h->set_revision(s.revision);
    h->set_step(static_cast<v1::AssessmentStep>(s.step));
    h->set_from_state(static_cast<v1::AssessmentState>(s.from));
    h->set_to_state(static_cast<v1::AssessmentState>(s.to));
    h->set_actor(s.actor);
    rpc::SetTimestamp(s.at, h->mutable_at());
    h->set_note(s.note);
  }
  ASSIGN_OR_RETURN(std::vector<int> revisions,
                   d_.assessments->Revisions(record.year));
  for (int r : revisions) out->add_revisions(r);
  return absl::OkStatus();
}

grpc::Status AnnualAssessmentService::ComputeAssessment(
    grpc::ServerContext* context, const v1::ComputeAssessmentRequest* request,
    v1::Assessment* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const int year = request->year();
        // The role first, before any work.
        RETURN_IF_ERROR(ApplyWorkflowStep({1, AssessmentState::kDraft},
                                          WorkflowStep::kRecompute, caller.role)
                            .status());
        if (year < d_.policy.launch_year) {
          return status::InvalidField(
              "year",
              absl::StrCat("must be ", d_.policy.launch_year, " or later"));
        }
        if (d_.today() <= absl::CivilDay(year, 12, 31)) {
          return absl::FailedPreconditionError(absl::StrCat(
              year,
              " has not ended: the annual assessment takes the figures "
              "of 31 December (try SimulateAssessment or the bulletin)"));
        }
        ASSIGN_OR_RETURN(auto latest, d_.assessments->Get(year, 0));
        // Refuse early (and cheaply) what the decision below would refuse.
        if (latest && latest->state != AssessmentState::kDraft) {
          RETURN_IF_ERROR(ApplyWorkflowStep({latest->revision, latest->state},
                                            WorkflowStep::kRecompute,
                                            caller.role)
                              .status());
        }
        ASSIGN_OR_RETURN(
            AssessmentRecord computed,
            ComputeRevision(caller, year, latest ? latest->revision : 1));
        ASSIGN_OR_RETURN(
            AssessmentRecord stored,
            d_.assessments->Apply(
                caller, year,
                [&](const std::optional<AssessmentRecord>& now)
                    -> absl::StatusOr<std::optional<AssessmentStore::Change>> {
                  AssessmentRevision current{1, AssessmentState::kDraft};
                  if (now) current = {now->revision, now->state};
                  ASSIGN_OR_RETURN(
                      AssessmentRevision next,
                      ApplyWorkflowStep(current, WorkflowStep::kRecompute,
                                        caller.role));
                  AssessmentStore::Change change{computed, {}};
                  change.record.revision = next.revision;
                  change.step = {next.revision,
                                 WorkflowStep::kRecompute,
                                 current.state,
                                 next.state,
                                 caller.subject,
                                 absl::Now(),
                                 ""};
                  return change;
                }));
        return Describe(stored, response);
      });
}

grpc::Status AnnualAssessmentService::AdvanceAssessment(
    grpc::ServerContext* context, const v1::AdvanceAssessmentRequest* request,
    v1::Assessment* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const int year = request->year();
        status::FieldErrors errors;
        const auto step = static_cast<WorkflowStep>(request->step());
        if (request->step() < v1::REVIEW || request->step() > v1::CORRECT) {
          errors.Add("step",
                     "must be REVIEW, APPROVE, PUBLISH, SEND_BACK or CORRECT "
                     "(COMPUTE is ComputeAssessment)");
        }
        if (request->revision() <= 0) {
          errors.Add("revision", "must be the revision the step is for");
        }
        if ((step == WorkflowStep::kSendBack ||
             step == WorkflowStep::kCorrect) &&
            request->note().empty()) {
          errors.Add("note", "must say what is to be corrected");
        }
        if (absl::Status s = text::CheckText(request->note(), 2000); !s.ok()) {
          errors.Merge("note", s);
        }
        RETURN_IF_ERROR(errors.ToStatus());
        RETURN_IF_ERROR(CheckMayTakeStep(step, caller.role));
        ASSIGN_OR_RETURN(auto latest, d_.assessments->Get(year, 0));
        if (!latest) {
          return absl::NotFoundError(absl::StrCat(
              "there is no ", year, " assessment; compute the draft first"));
        }
        // A correction starts from the current inputs (unlocked again).
        std::optional<AssessmentRecord> corrected;
        if (step == WorkflowStep::kCorrect &&
            latest->revision == request->revision() &&
            latest->state == AssessmentState::kPublished) {
          RETURN_IF_ERROR(ApplyWorkflowStep({latest->revision, latest->state},
                                            step, caller.role)
                              .status());
          ASSIGN_OR_RETURN(corrected,
                           ComputeRevision(caller, year, latest->revision + 1));
        }
        ASSIGN_OR_RETURN(
            AssessmentRecord stored,
            d_.assessments->Apply(
                caller, year,
                [&](const std::optional<AssessmentRecord>& now)
                    -> absl::StatusOr<std::optional<AssessmentStore::Change>> {
                  if (!now) return absl::NotFoundError("no assessment");
                  const AssessmentRevision current{now->revision, now->state};
                  absl::StatusOr<AssessmentRevision> next = ApplyWorkflowStep(
                      {request->revision(), now->state}, step, caller.role);
                  if (!next.ok() && next.status().code() !=
                                        absl::StatusCode::kFailedPrecondition) {
                    return next.status();
                  }
                  // A retry of a step that already happened changes nothing.
                  if (step == WorkflowStep::kCorrect &&
                      now->revision == request->revision() + 1) {
                    return std::nullopt;
                  }
                  if (now->revision != request->revision()) {
                    return absl::FailedPreconditionError(
                        absl::StrCat("revision ", request->revision(),
                                     " is not the latest of ", year, " (",
                                     now->revision, " is); reload it"));
                  }
                  if (!next.ok()) {
                    if (StateAfter(step) == now->state) return std::nullopt;
                    return next.status();
                  }
                  if (step == WorkflowStep::kReview && now->inputs_changed) {
                    return absl::FailedPreconditionError(
                        absl::StrCat("regular items or incidents of ", year,
                                     " changed after revision ", now->revision,
                                     " was computed; recompute the draft "
                                     "(ComputeAssessment) before review"));
                  }
                  AssessmentStore::Change change{*now, {}};
                  if (step == WorkflowStep::kCorrect) {
                    if (!corrected) {
                      return absl::AbortedError(
                          "the assessment changed meanwhile; try again");
                    }
                    change.record = *corrected;
                  }
                  change.record.state = next->state;
                  change.step = {next->revision, step,           current.state,
                                 next->state,    caller.subject, absl::Now(),
                                 request->note()};
                  return change;
                }));
        return Describe(stored, response);
      });
}

grpc::Status AnnualAssessmentService::GetAssessment(
    grpc::ServerContext* context, const v1::GetAssessmentRequest* request,
    v1::Assessment* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(CheckRead(caller));
        if (request->revision() < 0) {
          return status::InvalidField("revision", "must be 0 (latest) or more");
        }
        // Unions see an assessment once it is published; drafts and
        // reviews stay with the city, the assessors and the auditors.
        const bool published_only = caller.role == auth::Role::kCountyStaff ||
                                    caller.role == auth::Role::kGrassrootsStaff;
        ASSIGN_OR_RETURN(auto found, d_.assessments->Get(request->year(),
                                                         request->revision()));
        if (published_only && request->revision() == 0) {
          // The latest published revision, under any later correction.
          while (found && found->state != AssessmentState::kPublished &&
                 found->revision > 1) {
            ASSIGN_OR_RETURN(found, d_.assessments->Get(request->year(),
                                                        found->revision - 1));
          }
        }
        if (found && published_only &&
            found->state != AssessmentState::kPublished) {
          return absl::PermissionDeniedError(absl::StrCat(
              "revision ", found->revision, " of the ", request->year(),
              " assessment is not published; unions see published "
              "assessments only"));
        }
        if (!found) {
          return absl::NotFoundError(
              request->revision() == 0
                  ? absl::StrCat("there is no ", request->year(),
                                 " assessment yet")
                  : absl::StrCat("the ", request->year(),
                                 " assessment has no revision ",
                                 request->revision()));
        }
        RETURN_IF_ERROR(Describe(*found, response));
        if (published_only) {
          // The leading group's deliberations (send-back and correction
          // notes, later drafts) are not the unions' to read.
          auto* history = response->mutable_history();
          history->erase(
              std::remove_if(history->begin(), history->end(),
                             [&](const v1::AssessmentHistoryEntry& h) {
                               return h.revision() > found->revision;
                             }),
              history->end());
          for (v1::AssessmentHistoryEntry& h : *history) h.clear_note();
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::assessment
