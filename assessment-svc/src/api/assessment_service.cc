#include "assessment-svc/src/api/assessment_service.h"

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/api/assessment_codecs.h"
#include "assessment-svc/src/api/assessment_convert.h"
#include "assessment-svc/src/domain/bulletin.h"
#include "assessment-svc/src/domain/quarter_ranking.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "common/db/idempotency.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::assessment {
namespace {

// A point's coverage and activation rate from its counts.
void FillRates(v1::ProgressPoint* p) {
  p->set_coverage(Percent(p->members() > 0 ? std::optional<Ratio>(Ratio{
                                                 p->live_cards(), p->members()})
                                           : std::nullopt));
  p->set_activation_rate(Percent(
      p->issued_cumulative() > 0
          ? std::optional<Ratio>(Ratio{p->activated(), p->issued_cumulative()})
          : std::nullopt));
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

}  // namespace

grpc::Status AssessmentService::GetPlan(grpc::ServerContext* context,
                                        const v1::GetPlanRequest* request,
                                        v1::Plan* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(std::vector<v1::PlanUnit> units,
                         d_.reports->Plan(caller, request->year()));
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
        ASSIGN_OR_RETURN(absl::CivilDay day,
                         rpc::ParseDayField(request->date(), "date"));
        ASSIGN_OR_RETURN(Bulletin bulletin,
                         d_.reports->BulletinOn(caller, day));
        response->set_date(absl::FormatCivilTime(day));
        for (const BulletinRow& row : bulletin.rows) {
          ToProto(row, d_.plan_book->NameOf(row.unit.unit_code),
                  response->add_rows());
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
        if (request->quarter() < 1 || request->quarter() > 4) {
          return status::InvalidField("quarter", "must be 1 to 4");
        }
        ASSIGN_OR_RETURN(
            RankedQuarter ranking,
            d_.reports->Ranking(caller, request->year(), request->quarter()));
        response->set_year(request->year());
        response->set_quarter(request->quarter());
        response->set_quarter_end(absl::FormatCivilTime(ranking.quarter_end));
        for (const RankedQuarterUnit& u : ranking.units) {
          v1::RankedUnit* out = response->add_units();
          out->set_unit_code(u.ranked.unit_code);
          out->set_name(d_.plan_book->NameOf(u.ranked.unit_code));
          out->set_issued(u.issued);
          out->set_plan(u.plan);
          out->set_completion(u.ranked.completion.PercentString(1));
          out->set_rank(u.ranked.rank);
          out->set_points(u.ranked.points.ToString());
        }
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::SetRegularItems(
    grpc::ServerContext* context, const v1::SetRegularItemsRequest* request,
    v1::RegularItemsEntry* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        status::FieldErrors errors;
        CheckYear(request->year(),
                  AssessableYears(d_.policy.launch_year, d_.today()), "year",
                  errors);
        if (!d_.plan_book->IsUnit(request->unit_code())) {
          errors.Add("unit_code", "is not a county-level unit of the plan");
        }
        RegularItems items;
        items.leadership =
            ParseHalfPoints(request->leadership(), 3, "leadership", errors)
                .value_or(Score());
        items.measures =
            ParseHalfPoints(request->measures(), 4, "measures", errors)
                .value_or(Score());
        // Omissions and criticisms are not in the request: they are counted
        // from the dated incidents (AddIncident), never typed in.
        RETURN_IF_ERROR(errors.ToStatus());
        RETURN_IF_ERROR(d_.entries->SetRegularItems(
            caller, request->year(), request->unit_code(), items));
        response->set_year(request->year());
        response->set_unit_code(request->unit_code());
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
        ASSIGN_OR_RETURN(std::vector<RegularItemsRow> rows,
                         d_.entries->RegularItemsOf(caller, request->year()));
        for (const RegularItemsRow& row : rows) {
          v1::RegularItemsEntry* out = response->add_entries();
          out->set_year(request->year());
          out->set_unit_code(row.unit_code);
          out->set_leadership(row.entry.items.leadership.ToString());
          out->set_measures(row.entry.items.measures.ToString());
          out->set_omissions(row.incidents.omissions);
          out->set_criticisms(row.incidents.criticisms);
          out->set_updated_by(row.entry.updated_by);
        }
        return absl::OkStatus();
      });
}

SimulationBounds AssessmentService::SimulationLimits() const {
  SimulationBounds bounds;
  bounds.years = AssessableYears(d_.policy.launch_year, d_.today());
  bounds.is_unit = [this](const std::string& code) {
    return d_.plan_book->IsUnit(code);
  };
  bounds.max_units = static_cast<int>(d_.plan_book->UnitCodes().size());
  return bounds;
}

grpc::Status AssessmentService::SimulateAssessment(
    grpc::ServerContext* context, const v1::SimulateAssessmentRequest* request,
    v1::AssessmentResult* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        status::FieldErrors errors;
        std::vector<UnitYearInputs> units =
            FromProto(*request, SimulationLimits(), errors);
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(
            YearAssessment year,
            d_.annual_assessments->Simulate(caller, request->year(), units));
        *response = ToProto(year, [this](const std::string& code) {
          return d_.plan_book->NameOf(code);
        });
        return absl::OkStatus();
      });
}

namespace {

void ToProto(const Incident& i, v1::Incident* out) {
  out->set_id(i.id);
  out->set_unit_code(i.unit_code);
  out->set_kind(kIncidentKindApi.Encode(i.kind));
  out->set_date(absl::FormatCivilTime(i.day));
  out->set_note(i.note);
  out->set_entered_by(i.entered_by);
  out->set_withdrawn(i.withdrawn_reason.has_value());
  out->set_withdrawn_reason(i.withdrawn_reason.value_or(""));
}

// 1–500 characters of UTF-8 text (a note, a reason).
bool IsNote(const std::string& text) {
  return !text.empty() && text::CheckText(text, 500).ok();
}

}  // namespace

grpc::Status AssessmentService::AddIncident(
    grpc::ServerContext* context, const v1::AddIncidentRequest* request,
    v1::Incident* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(const std::string request_id,
                         db::RequestIdOrNew(request->request_id()));
        status::FieldErrors errors;
        if (!d_.plan_book->IsUnit(request->unit_code())) {
          errors.Add("unit_code", "is not a county-level unit of the plan");
        }
        const std::optional<IncidentKind> kind =
            kIncidentKindApi.Decode(request->kind());
        if (!kind) {
          errors.Add(
              "kind",
              "must be INCIDENT_KIND_OMISSION or INCIDENT_KIND_CRITICISM");
        }
        absl::StatusOr<absl::CivilDay> day =
            rpc::ParseDayField(request->date(), "date");
        if (!day.ok()) {
          errors.Add("date", "must be a date YYYY-MM-DD");
        } else if (day->year() < d_.policy.launch_year || *day > d_.today()) {
          errors.Add("date",
                     absl::StrCat("must lie between ", d_.policy.launch_year,
                                  "-01-01 and today"));
        }
        if (!IsNote(request->note())) {
          errors.Add("note", "must say what happened, 1–500 characters");
        }
        RETURN_IF_ERROR(errors.ToStatus());
        Incident incident;
        incident.unit_code = request->unit_code();
        incident.kind = *kind;
        incident.day = *day;
        incident.note = request->note();
        ASSIGN_OR_RETURN(Incident stored,
                         d_.entries->AddIncident(caller, request_id, incident));
        ToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::WithdrawIncident(
    grpc::ServerContext* context, const v1::WithdrawIncidentRequest* request,
    v1::Incident* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        status::FieldErrors errors;
        if (request->id() <= 0) errors.Add("id", "must be an incident id");
        if (!IsNote(request->reason())) {
          errors.Add("reason", "must say why, 1–500 characters");
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ASSIGN_OR_RETURN(Incident stored,
                         d_.entries->WithdrawIncident(caller, request->id(),
                                                      request->reason()));
        ToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::ListIncidents(
    grpc::ServerContext* context, const v1::ListIncidentsRequest* request,
    v1::ListIncidentsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (!request->unit_code().empty() &&
            !d_.plan_book->IsUnit(request->unit_code())) {
          return status::InvalidField("unit_code",
                                      "is not a county-level unit of the plan");
        }
        ASSIGN_OR_RETURN(std::vector<Incident> incidents,
                         d_.entries->IncidentsOf(caller, request->year(),
                                                 request->unit_code()));
        for (const Incident& i : incidents) {
          ToProto(i, response->add_incidents());
        }
        return absl::OkStatus();
      });
}

grpc::Status AssessmentService::GetProgressSeries(
    grpc::ServerContext* context, const v1::GetProgressSeriesRequest* request,
    v1::ProgressSeries* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(
            absl::CivilMonth from,
            rpc::ParseMonthField(request->from_month(), "from_month"));
        ASSIGN_OR_RETURN(absl::CivilMonth to,
                         rpc::ParseMonthField(request->to_month(), "to_month"));
        if (to < from || to - from >= 60) {
          return status::InvalidField(
              "to_month", "must be from_month or up to 59 months after it");
        }
        ASSIGN_OR_RETURN(std::vector<MonthProgress> months,
                         d_.reports->Series(caller, from, to));
        std::map<std::string, v1::CountySeries> series;
        for (const std::string& code : d_.plan_book->UnitCodes()) {
          series[code].set_unit_code(code);
          series[code].set_name(d_.plan_book->NameOf(code));
        }
        v1::CountySeries* city = response->mutable_city();
        city->set_unit_code("city");
        city->set_name("沧州市");
        for (const MonthProgress& month : months) {
          v1::ProgressPoint* total = city->add_points();
          total->set_month(absl::FormatCivilTime(month.month));
          for (auto& [code, s] : series) {
            const CountyProgress& p = month.units.at(code);
            v1::ProgressPoint* point = s.add_points();
            point->set_month(total->month());
            point->set_members(p.members);
            point->set_live_cards(p.live_cards);
            point->set_issued_cumulative(p.issued_cumulative);
            point->set_activated(p.activated);
            FillRates(point);
            total->set_members(total->members() + p.members);
            total->set_live_cards(total->live_cards() + p.live_cards);
            total->set_issued_cumulative(total->issued_cumulative() +
                                         p.issued_cumulative);
            total->set_activated(total->activated() + p.activated);
          }
          FillRates(total);
        }
        for (auto& [code, s] : series) {
          *response->add_counties() = std::move(s);
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::assessment
