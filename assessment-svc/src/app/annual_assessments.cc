#include "assessment-svc/src/app/annual_assessments.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::StatusOr<AssessmentRecord> AnnualAssessments::ComputeRevision(
    const auth::Principal& caller, int year, int revision) const {
  ASSIGN_OR_RETURN(std::vector<UnitYearInputs> units,
                   GatherYearInputs(inputs_, year));
  ASSIGN_OR_RETURN(YearAssessment scored,
                   AssessYearFromQuarters(year, units, policy_));
  AssessmentRecord record;
  record.year = year;
  record.revision = revision;
  record.state = AssessmentState::kDraft;
  ASSIGN_OR_RETURN(record.inputs_json, encoder_->Inputs(year, units));
  ASSIGN_OR_RETURN(record.result_json, encoder_->Result(scored));
  record.computed_by = caller.subject;
  record.computed_at = clock_();
  return record;
}

absl::StatusOr<AssessmentView> AnnualAssessments::View(
    AssessmentRecord record) const {
  AssessmentView view;
  ASSIGN_OR_RETURN(view.history, assessments_->History(record.year));
  ASSIGN_OR_RETURN(view.revisions, assessments_->Revisions(record.year));
  view.record = std::move(record);
  return view;
}

absl::StatusOr<AssessmentView> AnnualAssessments::Compute(
    const auth::Principal& caller, int year) const {
  // The role first, before any work.
  RETURN_IF_ERROR(ApplyWorkflowStep({1, AssessmentState::kDraft},
                                    WorkflowStep::kRecompute, caller.role)
                      .status());
  if (today_() <= absl::CivilDay(year, 12, 31)) {
    return absl::FailedPreconditionError(absl::StrCat(
        year,
        " has not ended: the annual assessment takes the figures "
        "of 31 December (try SimulateAssessment or the bulletin)"));
  }
  ASSIGN_OR_RETURN(auto latest, assessments_->Get(year, 0));
  // Refuse early (and cheaply) what the decision below would refuse.
  if (latest && latest->state != AssessmentState::kDraft) {
    RETURN_IF_ERROR(ApplyWorkflowStep({latest->revision, latest->state},
                                      WorkflowStep::kRecompute, caller.role)
                        .status());
  }
  ASSIGN_OR_RETURN(
      AssessmentRecord computed,
      ComputeRevision(caller, year, latest ? latest->revision : 1));
  ASSIGN_OR_RETURN(
      AssessmentRecord stored,
      assessments_->Apply(
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
                           clock_(),
                           ""};
            return change;
          }));
  return View(std::move(stored));
}

absl::StatusOr<AssessmentView> AnnualAssessments::Advance(
    const auth::Principal& caller, int year, WorkflowStep step, int revision,
    const std::string& note) const {
  RETURN_IF_ERROR(CheckMayTakeStep(step, caller.role));
  ASSIGN_OR_RETURN(auto latest, assessments_->Get(year, 0));
  if (!latest) {
    return absl::NotFoundError(absl::StrCat(
        "there is no ", year, " assessment; compute the draft first"));
  }
  // A correction starts from the current inputs (unlocked again).
  std::optional<AssessmentRecord> corrected;
  if (step == WorkflowStep::kCorrect && latest->revision == revision &&
      latest->state == AssessmentState::kPublished) {
    RETURN_IF_ERROR(
        ApplyWorkflowStep({latest->revision, latest->state}, step, caller.role)
            .status());
    ASSIGN_OR_RETURN(corrected,
                     ComputeRevision(caller, year, latest->revision + 1));
  }
  ASSIGN_OR_RETURN(
      AssessmentRecord stored,
      assessments_->Apply(
          caller, year,
          [&](const std::optional<AssessmentRecord>& now)
              -> absl::StatusOr<std::optional<AssessmentStore::Change>> {
            if (!now) return absl::NotFoundError("no assessment");
            const AssessmentRevision current{now->revision, now->state};
            absl::StatusOr<AssessmentRevision> next =
                ApplyWorkflowStep({revision, now->state}, step, caller.role);
            if (!next.ok() &&
                next.status().code() != absl::StatusCode::kFailedPrecondition) {
              return next.status();
            }
            // A retry of a step that already happened changes nothing.
            if (step == WorkflowStep::kCorrect &&
                now->revision == revision + 1) {
              return std::nullopt;
            }
            if (now->revision != revision) {
              return absl::FailedPreconditionError(
                  absl::StrCat("revision ", revision, " is not the latest of ",
                               year, " (", now->revision, " is); reload it"));
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
            change.step = {next->revision, step,     current.state, next->state,
                           caller.subject, clock_(), note};
            return change;
          }));
  return View(std::move(stored));
}

absl::StatusOr<AssessmentView> AnnualAssessments::Get(
    const auth::Principal& caller, int year, int revision) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  const bool published_only = access_.SeesPublishedOnly(caller);
  ASSIGN_OR_RETURN(auto found, assessments_->Get(year, revision));
  if (published_only && revision == 0) {
    // The latest published revision, under any later correction.
    while (found && found->state != AssessmentState::kPublished &&
           found->revision > 1) {
      ASSIGN_OR_RETURN(found, assessments_->Get(year, found->revision - 1));
    }
  }
  if (found && published_only && found->state != AssessmentState::kPublished) {
    return absl::PermissionDeniedError(
        absl::StrCat("revision ", found->revision, " of the ", year,
                     " assessment is not published; unions see published "
                     "assessments only"));
  }
  if (!found) {
    return absl::NotFoundError(
        revision == 0 ? absl::StrCat("there is no ", year, " assessment yet")
                      : absl::StrCat("the ", year,
                                     " assessment has no revision ", revision));
  }
  const int shown = found->revision;
  ASSIGN_OR_RETURN(AssessmentView view, View(*std::move(found)));
  if (published_only) {
    // The leading group's deliberations (send-back and correction notes,
    // later drafts) are not the unions' to read.
    view.history.erase(
        std::remove_if(view.history.begin(), view.history.end(),
                       [&](const StepRecord& h) { return h.revision > shown; }),
        view.history.end());
    for (StepRecord& h : view.history) h.note.clear();
  }
  return view;
}

absl::StatusOr<YearAssessment> AnnualAssessments::Simulate(
    const auth::Principal& caller, int year,
    const std::vector<UnitYearInputs>& units) const {
  RETURN_IF_ERROR(access_.CheckSimulate(caller));
  return AssessYearFromQuarters(year, units, policy_);
}

}  // namespace unioncard::assessment
