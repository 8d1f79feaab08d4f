#include "assessment-svc/src/api/assessment_service.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "assessment-svc/src/domain/bulletin.h"
#include "assessment-svc/src/domain/quarter_ranking.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

using auth::Role;

// Bulletins and rankings are published to every union: all staff roles,
// assessors, auditors and services read them.
absl::Status CheckRead(const auth::Principal& caller) {
  if (caller.role == Role::kMember || caller.role == Role::kPartnerBank ||
      caller.role == Role::kUnspecified) {
    return absl::PermissionDeniedError(
        absl::StrCat("a ", auth::RoleName(caller.role),
                     " account may not read assessment figures"));
  }
  return absl::OkStatus();
}

std::string Percent(const std::optional<Ratio>& r) {
  return r ? r->PercentString(1) : "-";
}

void ToProto(const BulletinRow& row, const std::string& name,
             v1::BulletinRow* out) {
  out->set_unit_code(row.unit.unit_code);
  out->set_name(name);
  out->set_members(row.unit.members);
  out->set_plan(row.unit.plan);
  out->set_issued_this_year(row.unit.issued_this_year);
  out->set_issued_cumulative(row.unit.issued_cumulative);
  out->set_live_cards(row.unit.live_cards);
  out->set_activated(row.unit.activated);
  out->set_completion(row.completion.PercentString(1));
  out->set_coverage(Percent(row.coverage));
  out->set_activation_rate(Percent(row.activation_rate));
  out->set_rank(row.rank);
}

// "3", "2.5": whole or half points in [0, max]; otherwise `field` is added
// to `errors` and nothing is returned.
std::optional<Score> ParseHalfPoints(const std::string& text, int max,
                                     const std::string& field,
                                     status::FieldErrors& errors) {
  int64_t whole = 0;
  bool half = false;
  std::string digits = text;
  if (absl::EndsWith(digits, ".5")) {
    half = true;
    digits.resize(digits.size() - 2);
  } else if (absl::EndsWith(digits, ".0")) {
    digits.resize(digits.size() - 2);
  }
  if (digits.empty() || !absl::SimpleAtoi(digits, &whole) || whole < 0 ||
      whole * 2 + (half ? 1 : 0) > max * 2) {
    errors.Add(field,
               absl::StrCat("must be 0 to ", max, " in half points (\"2.5\")"));
    return std::nullopt;
  }
  return Score::Halves(whole * 2 + (half ? 1 : 0));
}

void ToProto(const UnitAssessment& a, const std::string& name,
             v1::UnitScore* out) {
  out->set_unit_code(a.unit_code);
  out->set_name(name);
  out->set_leadership(a.leadership.ToString());
  out->set_measures(a.measures.ToString());
  out->set_responsiveness(a.responsiveness.ToString());
  out->set_supervision(a.supervision.ToString());
  out->set_regular_total(a.regular_total.ToString());
  out->set_issuance(a.issuance.ToString());
  out->set_activation(a.activation.ToString());
  out->set_service_items(a.service_items.ToString());
  out->set_year_end_total(a.year_end_total.ToString());
  out->set_total(a.total.ToString());
  out->set_completion(a.completion.PercentString(1));
  out->set_activation_rate(Percent(a.activation_rate));
  out->set_vetoed(a.vetoed);
  out->set_award_rank(a.award_rank);
  out->set_award_fen(a.award_fen);
}

}  // namespace

absl::StatusOr<std::vector<v1::PlanUnit>> AssessmentService::PlanFor(
    int year) const {
  if (year < 2016 || year > 2018) {
    return absl::FailedPreconditionError(absl::StrCat(
        "there is no plan for ", year,
        "; the shipped plan covers 2016–2018 (new periods are generated "
        "with GeneratePlan, not built yet)"));
  }
  std::vector<v1::PlanUnit> units;
  for (const reference::CountyPlan& c : d_.plan) {
    v1::PlanUnit u;
    u.set_unit_code(c.unit_code);
    u.set_name(c.name_zh);
    u.set_members_base(c.members_2015);
    u.set_plan(year == 2016   ? c.issue_2016
               : year == 2017 ? c.issue_2017
                              : c.issue_2018);
    u.set_cumulative_target(year == 2016   ? c.issue_2016
                            : year == 2017 ? c.cumulative_2017
                                           : c.cumulative_2018);
    units.push_back(std::move(u));
  }
  return units;
}

std::string AssessmentService::NameOf(const std::string& unit_code) const {
  for (const reference::CountyPlan& c : d_.plan) {
    if (c.unit_code == unit_code) return c.name_zh;
  }
  return unit_code;
}

grpc::Status AssessmentService::GetPlan(grpc::ServerContext* context,
                                        const v1::GetPlanRequest* request,
                                        v1::Plan* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(CheckRead(caller));
        ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> units,
                         PlanFor(request->year()));
        response->set_year(request->year());
        for (v1::PlanUnit& u : units) {
          response->set_total(response->total() + u.plan());
          *response->add_units() = std::move(u);
        }
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::GetBulletin(
    grpc::ServerContext* context, const v1::GetBulletinRequest* request,
    v1::Bulletin* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(CheckRead(caller));
        ASSIGN_OR_RETURN(absl::CivilDay day,
                         rpc::ParseDayField(request->date(), "date"));
        ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> plan,
                         PlanFor(static_cast<int>(day.year())));
        ASSIGN_OR_RETURN(auto members, d_.members->RealNameMembers());
        ASSIGN_OR_RETURN(
            auto progress,
            d_.progress->ProgressOn(absl::CivilDay(day.year(), 1, 1), day));
        std::vector<BulletinInput> inputs;
        for (const v1::PlanUnit& u : plan) {
          const CountyProgress& p = progress[u.unit_code()];
          inputs.push_back({u.unit_code(), members[u.unit_code()], u.plan(),
                            p.issued_in_range, p.issued_cumulative,
                            p.live_cards, p.activated});
        }
        ASSIGN_OR_RETURN(Bulletin bulletin, BuildBulletin(inputs, d_.policy));
        response->set_date(absl::FormatCivilTime(day));
        for (const BulletinRow& row : bulletin.rows) {
          ToProto(row, NameOf(row.unit.unit_code), response->add_rows());
        }
        ToProto(bulletin.city, "沧州市", response->mutable_city());
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::GetQuarterRanking(
    grpc::ServerContext* context, const v1::GetQuarterRankingRequest* request,
    v1::QuarterRanking* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(CheckRead(caller));
        if (request->quarter() < 1 || request->quarter() > 4) {
          return status::InvalidField("quarter", "must be 1 to 4");
        }
        ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> plan,
                         PlanFor(request->year()));
        if (!IsRankedQuarter(request->year(), request->quarter(), d_.policy)) {
          return absl::FailedPreconditionError(absl::StrCat(
              request->year(), " Q", request->quarter(),
              " is not ranked: in the launch year ranking starts in Q",
              d_.policy.launch_year_first_ranked_quarter));
        }
        const absl::CivilDay end =
            absl::CivilDay(
                absl::CivilMonth(request->year(), request->quarter() * 3 + 1)) -
            1;
        ASSIGN_OR_RETURN(auto progress,
                         d_.progress->ProgressOn(
                             absl::CivilDay(request->year(), 1, 1), end));
        std::vector<UnitProgress> units;
        for (const v1::PlanUnit& u : plan) {
          units.push_back({u.unit_code(),
                           progress[u.unit_code()].issued_in_range, u.plan()});
        }
        ASSIGN_OR_RETURN(std::vector<RankedUnit> ranked,
                         RankQuarter(units, d_.policy));
        response->set_year(request->year());
        response->set_quarter(request->quarter());
        response->set_quarter_end(absl::FormatCivilTime(end));
        std::map<std::string, int64_t> plan_of;
        for (const UnitProgress& u : units) plan_of[u.unit_code] = u.plan;
        for (const RankedUnit& r : ranked) {
          v1::RankedUnit* out = response->add_units();
          out->set_unit_code(r.unit_code);
          out->set_name(NameOf(r.unit_code));
          out->set_issued(progress[r.unit_code].issued_in_range);
          out->set_plan(plan_of[r.unit_code]);
          out->set_completion(r.completion.PercentString(1));
          out->set_rank(r.rank);
          out->set_points(r.points.ToString());
        }
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::SetRegularItems(
    grpc::ServerContext* context, const v1::RegularItemsEntry* request,
    v1::RegularItemsEntry* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(auth::RequireRoleInScope(
            caller, {Role::kAssessor, Role::kCityAdmin}, caller.org_path,
            "enter regular assessment items"));
        status::FieldErrors errors;
        if (request->year() < d_.policy.launch_year || request->year() > 2100) {
          errors.Add("year", absl::StrCat("must be ", d_.policy.launch_year,
                                          " or later"));
        }
        if (NameOf(request->unit_code()) == request->unit_code()) {
          errors.Add("unit_code", "is not a county-level unit of the plan");
        }
        RegularItems items;
        items.leadership =
            ParseHalfPoints(request->leadership(), 3, "leadership", errors)
                .value_or(Score());
        items.measures =
            ParseHalfPoints(request->measures(), 4, "measures", errors)
                .value_or(Score());
        if (request->omissions() < 0 || request->omissions() > 1000) {
          errors.Add("omissions", "must be 0 to 1000");
        }
        if (request->criticisms() < 0 || request->criticisms() > 1000) {
          errors.Add("criticisms", "must be 0 to 1000");
        }
        RETURN_IF_ERROR(errors.ToStatus());
        items.omissions = request->omissions();
        items.criticisms = request->criticisms();
        RETURN_IF_ERROR(d_.regular_items->Set(caller, request->year(),
                                              request->unit_code(), items));
        *response = *request;
        response->set_leadership(items.leadership.ToString());
        response->set_measures(items.measures.ToString());
        response->set_updated_by(caller.subject);
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::ListRegularItems(
    grpc::ServerContext* context, const v1::ListRegularItemsRequest* request,
    v1::ListRegularItemsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(CheckRead(caller));
        ASSIGN_OR_RETURN(auto entries,
                         d_.regular_items->OfYear(request->year()));
        for (const auto& [unit, e] : entries) {
          v1::RegularItemsEntry* out = response->add_entries();
          out->set_year(request->year());
          out->set_unit_code(unit);
          out->set_leadership(e.items.leadership.ToString());
          out->set_measures(e.items.measures.ToString());
          out->set_omissions(e.items.omissions);
          out->set_criticisms(e.items.criticisms);
          out->set_updated_by(e.updated_by);
        }
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::SimulateAssessment(
    grpc::ServerContext* context, const v1::SimulateAssessmentRequest* request,
    v1::AssessmentResult* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        // A planning tool for the leading group and the city.
        RETURN_IF_ERROR(auth::RequireRoleInScope(
            caller, {Role::kAssessor, Role::kCityAdmin, Role::kService},
            caller.org_path, "run assessment simulations"));
        if (request->units().empty()) {
          return status::InvalidField("units", "at least one unit is needed");
        }
        status::FieldErrors errors;
        std::vector<UnitYearInputs> units;
        for (int i = 0; i < request->units_size(); ++i) {
          const v1::SimulatedUnit& in = request->units(i);
          const std::string at = absl::StrCat("units[", i, "].");
          UnitYearInputs u;
          u.unit_code = in.unit_code();
          u.plan = in.plan();
          if (in.issued_by_quarter_end_size() != 4) {
            errors.Add(at + "issued_by_quarter_end",
                       "must have four numbers, one per quarter end");
          } else {
            for (int q = 0; q < 4; ++q) {
              u.issued_by_quarter_end[q] = in.issued_by_quarter_end(q);
            }
          }
          u.issued_cumulative = in.issued_cumulative();
          u.activated_cumulative = in.activated_cumulative();
          u.service_items = in.service_items();
          u.regular.leadership =
              ParseHalfPoints(in.leadership(), 3, at + "leadership", errors)
                  .value_or(Score());
          u.regular.measures =
              ParseHalfPoints(in.measures(), 4, at + "measures", errors)
                  .value_or(Score());
          u.regular.omissions = in.omissions();
          u.regular.criticisms = in.criticisms();
          units.push_back(std::move(u));
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(
            YearAssessment year,
            AssessYearFromQuarters(request->year(), units, d_.policy));
        response->set_year(year.year);
        for (const UnitAssessment& a : year.units) {
          ToProto(a, NameOf(a.unit_code), response->add_units());
        }
        for (const auto& [quarter, ranked] : year.quarter_rankings) {
          v1::QuarterRanking* q = response->add_quarters();
          q->set_year(year.year);
          q->set_quarter(quarter);
          for (const RankedUnit& r : ranked) {
            v1::RankedUnit* out = q->add_units();
            out->set_unit_code(r.unit_code);
            out->set_name(NameOf(r.unit_code));
            out->set_completion(r.completion.PercentString(1));
            out->set_rank(r.rank);
            out->set_points(r.points.ToString());
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::assessment
