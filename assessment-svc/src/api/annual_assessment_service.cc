#include "assessment-svc/src/api/annual_assessment_service.h"

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/api/assessment_codecs.h"
#include "assessment-svc/src/api/revision_json.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::assessment {
namespace {

absl::Status ToProto(const AssessmentView& view, v1::Assessment* out) {
  const AssessmentRecord& record = view.record;
  out->set_year(record.year);
  out->set_revision(record.revision);
  out->set_state(kAssessmentStateApi.Encode(record.state));
  RETURN_IF_ERROR(ParseRevisionJson(record.inputs_json, out->mutable_inputs()));
  RETURN_IF_ERROR(ParseRevisionJson(record.result_json, out->mutable_result()));
  rpc::SetTimestamp(record.computed_at, out->mutable_computed_at());
  out->set_computed_by(record.computed_by);
  for (const StepRecord& s : view.history) {
    v1::AssessmentHistoryEntry* h = out->add_history();
    h->set_revision(s.revision);
    h->set_step(kAssessmentStepApi.Encode(s.step));
    h->set_from_state(kAssessmentStateApi.Encode(s.from));
    h->set_to_state(kAssessmentStateApi.Encode(s.to));
    h->set_actor(s.actor);
    rpc::SetTimestamp(s.at, h->mutable_at());
    h->set_note(s.note);
  }
  for (int r : view.revisions) out->add_revisions(r);
  return absl::OkStatus();
}

}  // namespace

grpc::Status AnnualAssessmentService::ComputeAssessment(
    grpc::ServerContext* context, const v1::ComputeAssessmentRequest* request,
    v1::Assessment* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (request->year() < d_.policy.launch_year) {
          return status::InvalidField(
              "year",
              absl::StrCat("must be ", d_.policy.launch_year, " or later"));
        }
        ASSIGN_OR_RETURN(AssessmentView view, d_.annual_assessments->Compute(
                                                  caller, request->year()));
        return ToProto(view, response);
      });
}

grpc::Status AnnualAssessmentService::AdvanceAssessment(
    grpc::ServerContext* context, const v1::AdvanceAssessmentRequest* request,
    v1::Assessment* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        status::FieldErrors errors;
        const std::optional<WorkflowStep> decoded =
            kAssessmentStepApi.Decode(request->step());
        const WorkflowStep step = decoded.value_or(WorkflowStep::kRecompute);
        if (step == WorkflowStep::kRecompute) {
          errors.Add("step",
                     "must be ASSESSMENT_STEP_REVIEW, _APPROVE, _PUBLISH, "
                     "_SEND_BACK or _CORRECT "
                     "(_COMPUTE is ComputeAssessment)");
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
        ASSIGN_OR_RETURN(AssessmentView view,
                         d_.annual_assessments->Advance(
                             caller, request->year(), step, request->revision(),
                             request->note()));
        return ToProto(view, response);
      });
}

grpc::Status AnnualAssessmentService::GetAssessment(
    grpc::ServerContext* context, const v1::GetAssessmentRequest* request,
    v1::Assessment* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (request->revision() < 0) {
          return status::InvalidField("revision", "must be 0 (latest) or more");
        }
        ASSIGN_OR_RETURN(AssessmentView view,
                         d_.annual_assessments->Get(caller, request->year(),
                                                    request->revision()));
        return ToProto(view, response);
      });
}

}  // namespace unioncard::assessment
