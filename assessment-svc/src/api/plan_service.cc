#include "assessment-svc/src/api/plan_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "assessment-svc/src/domain/plan_apportionment.h"
#include "common/db/idempotency.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

// "40" or "12.5" (%, at most two decimals) → 40/100 or 1250/10000.
std::optional<Ratio> ParsePercent(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '.');
  int64_t whole = 0, fraction = 0, scale = 1;
  if (parts.empty() || parts.size() > 2 || parts[0].empty() ||
      !absl::SimpleAtoi(parts[0], &whole) || whole < 0) {
    return std::nullopt;
  }
  if (parts.size() == 2) {
    if (parts[1].empty() || parts[1].size() > 2 ||
        !absl::SimpleAtoi(parts[1], &fraction) || fraction < 0) {
      return std::nullopt;
    }
    scale = parts[1].size() == 1 ? 10 : 100;
  }
  const Ratio r{whole * scale + fraction, 100 * scale};
  if (r.num == 0 || r.num > r.den) return std::nullopt;
  return r;
}

}  // namespace

void PlanService::Describe(const StoredPlan& plan,
                           v1::GeneratedPlan* out) const {
  out->set_plan_id(plan.plan_id);
  out->set_state(plan.approved ? v1::PLAN_STATE_APPROVED
                               : v1::PLAN_STATE_DRAFT);
  out->set_created_by(plan.created_by);
  out->set_approved_by(plan.approved_by);
  std::map<std::string, int64_t> cumulative;
  v1::PlanYear* year = nullptr;
  for (const PlanUnitRow& row : plan.units) {
    if (year == nullptr || year->year() != row.year) {
      year = out->add_years();
      year->set_year(row.year);
      year->set_coverage_target(row.coverage_target);
    }
    cumulative[row.unit_code] += row.plan;
    v1::PlanUnit* u = year->add_units();
    u->set_unit_code(row.unit_code);
    u->set_name(d_.plan_book->NameOf(row.unit_code));
    u->set_members_base(row.members_base);
    u->set_plan(row.plan);
    u->set_cumulative_target(cumulative[row.unit_code]);
    year->set_total(year->total() + row.plan);
  }
}

grpc::Status PlanService::GeneratePlan(grpc::ServerContext* context,
                                       const v1::GeneratePlanRequest* request,
                                       v1::GeneratedPlan* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(const std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        status::FieldErrors errors;
        if (request->first_year() < 2019 || request->first_year() > 2100) {
          errors.Add("first_year",
                     "must be 2019 or later (2016–2018 are the shipped plan)");
        }
        if (request->coverage_targets_size() < 1 ||
            request->coverage_targets_size() > 10) {
          errors.Add("coverage_targets", "give 1 to 10 years' targets");
        }
        std::vector<CoverageTarget> targets;
        for (int i = 0; i < request->coverage_targets_size(); ++i) {
          std::optional<Ratio> r = ParsePercent(request->coverage_targets(i));
          if (!r) {
            errors.Add(absl::StrCat("coverage_targets[", i, "]"),
                       "must be a percentage above 0 and at most 100, such as "
                       "\"40\" or \"12.5\"");
          } else {
            targets.push_back({request->coverage_targets(i), *r});
          }
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(
            StoredPlan stored,
            d_.plan_drafts->Generate(caller, request_id, request->first_year(),
                                     targets));
        Describe(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status PlanService::GetGeneratedPlan(
    grpc::ServerContext* context, const v1::GetGeneratedPlanRequest* request,
    v1::GeneratedPlan* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(StoredPlan plan,
                         d_.plan_drafts->Get(caller, request->plan_id()));
        Describe(plan, response);
        return absl::OkStatus();
      });
}

grpc::Status PlanService::UpdatePlanUnit(
    grpc::ServerContext* context, const v1::UpdatePlanUnitRequest* request,
    v1::GeneratedPlan* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        status::FieldErrors errors;
        if (!d_.plan_book->IsUnit(request->unit_code())) {
          errors.Add("unit_code", "is not a county-level unit of the plan");
        }
        if (request->plan() <= 0 || request->plan() > 100'000'000) {
          errors.Add("plan", "must be a number of cards above 0");
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(StoredPlan plan,
                         d_.plan_drafts->UpdateUnit(
                             caller, request->plan_id(), request->year(),
                             request->unit_code(), request->plan()));
        Describe(plan, response);
        return absl::OkStatus();
      });
}

grpc::Status PlanService::ApprovePlan(grpc::ServerContext* context,
                                      const v1::ApprovePlanRequest* request,
                                      v1::GeneratedPlan* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(StoredPlan plan,
                         d_.plan_drafts->Approve(caller, request->plan_id()));
        Describe(plan, response);
        return absl::OkStatus();
      });
}

}  // namespace unioncard::assessment
