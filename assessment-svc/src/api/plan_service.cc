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

using auth::Role;

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

absl::Status CheckPlanner(const auth::Principal& caller,
                          const std::string& action) {
  return auth::RequireRoleInScope(caller, {Role::kCityAdmin}, caller.org_path,
                                  action);
}

}  // namespace

void PlanService::Describe(const StoredPlan& plan,
                           v1::GeneratedPlan* out) const {
  out->set_plan_id(plan.plan_id);
  out->set_state(plan.approved ? v1::PLAN_APPROVED : v1::PLAN_DRAFT);
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
        RETURN_IF_ERROR(CheckPlanner(caller, "generate plans"));
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
        std::vector<Ratio> coverages;
        for (int i = 0; i < request->coverage_targets_size(); ++i) {
          std::optional<Ratio> r = ParsePercent(request->coverage_targets(i));
          if (!r) {
            errors.Add(absl::StrCat("coverage_targets[", i, "]"),
                       "must be a percentage above 0 and at most 100, such as "
                       "\"40\" or \"12.5\"");
          } else {
            coverages.push_back(*r);
          }
        }
        RETURN_IF_ERROR(errors.ToStatus());
        // Today's real-name members, as the member feed has counted them.
        const absl::CivilDay today = d_.today();
        ASSIGN_OR_RETURN(auto progress, d_.progress->ProgressOn(today, today));
        const std::vector<std::string> codes = d_.plan_book->UnitCodes();
        std::vector<int64_t> counts;
        for (const std::string& code : codes) {
          counts.push_back(progress[code].members);
        }
        ASSIGN_OR_RETURN(PeriodPlan period, PlanPeriod(counts, coverages));
        StoredPlan plan;
        plan.first_year = request->first_year();
        plan.last_year =
            request->first_year() + request->coverage_targets_size() - 1;
        for (size_t y = 0; y < coverages.size(); ++y) {
          for (size_t u = 0; u < codes.size(); ++u) {
            plan.units.push_back({plan.first_year + static_cast<int>(y),
                                  codes[u], request->coverage_targets(y),
                                  counts[u], period.plans[y][u]});
          }
        }
        ASSIGN_OR_RETURN(StoredPlan stored,
                         d_.plans->Create(caller, request_id, plan));
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
        RETURN_IF_ERROR(CheckRead(caller));
        ASSIGN_OR_RETURN(StoredPlan plan, d_.plans->Get(request->plan_id()));
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
        RETURN_IF_ERROR(CheckPlanner(caller, "edit plans"));
        status::FieldErrors errors;
        if (!d_.plan_book->IsUnit(request->unit_code())) {
          errors.Add("unit_code", "is not a county-level unit of the plan");
        }
        if (request->plan() <= 0 || request->plan() > 100'000'000) {
          errors.Add("plan", "must be a number of cards above 0");
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(
            StoredPlan plan,
            d_.plans->UpdateUnit(caller, request->plan_id(), request->year(),
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
        RETURN_IF_ERROR(auth::RequireRoleInScope(
            caller, {Role::kCityAdmin, Role::kAssessor}, caller.org_path,
            "approve plans"));
        ASSIGN_OR_RETURN(
            StoredPlan plan,
            d_.plans->Approve(
                caller, request->plan_id(),
                [&](const StoredPlan& p) -> absl::Status {
                  // Maker-checker: targets bind every county for years.
                  if (p.created_by == caller.subject) {
                    return absl::PermissionDeniedError(
                        "the maker of a plan cannot approve it");
                  }
                  for (const PlanUnitRow& u : p.units) {
                    if (u.plan <= 0) {
                      return absl::FailedPreconditionError(absl::StrCat(
                          "the ", u.year, " plan of ", u.unit_code, " is ",
                          u.plan, "; give every unit a plan above 0 first"));
                    }
                  }
                  return absl::OkStatus();
                }));
        Describe(plan, response);
        return absl::OkStatus();
      });
}

}  // namespace unioncard::assessment
