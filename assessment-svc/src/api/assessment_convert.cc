#include "assessment-svc/src/api/assessment_convert.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace unioncard::assessment {
namespace {

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

std::optional<Score> ParseHalfPoints(const std::string& text, int max,
                                     const std::string& field,
                                     status::FieldErrors& errors) {
  absl::string_view digits = text;
  bool half = false;
  if (absl::ConsumeSuffix(&digits, ".5")) {
    half = true;
  } else {
    absl::ConsumeSuffix(&digits, ".0");
  }
  // Digits only, at most two: no sign, no spaces, nothing to overflow.
  const bool well_formed =
      !digits.empty() && digits.size() <= 2 &&
      std::all_of(digits.begin(), digits.end(),
                  [](char c) { return c >= '0' && c <= '9'; });
  int64_t whole = 0;
  if (!well_formed || !absl::SimpleAtoi(digits, &whole) ||
      whole * 2 + (half ? 1 : 0) > int64_t{max} * 2) {
    errors.Add(field, absl::StrCat("must be 0 to ", max,
                                   " in half points (\"2.5\"), not negative"));
    return std::nullopt;
  }
  return Score::Halves(whole * 2 + (half ? 1 : 0));
}

YearRange AssessableYears(int launch_year, absl::CivilDay today) {
  return {launch_year, static_cast<int>(today.year()) + 5};
}

void CheckYear(int year, const YearRange& range, const std::string& field,
               status::FieldErrors& errors) {
  if (year < range.first || year > range.last) {
    errors.Add(field, absl::StrCat("must be ", range.first, " to ", range.last,
                                   " (the programme's years), not ", year));
  }
}

std::string Percent(const std::optional<Ratio>& r) {
  return r ? r->PercentString(1) : "-";
}

namespace {

// 0 to kMaxCount, or a violation of `field`.
int64_t Count(int64_t value, const std::string& field,
              status::FieldErrors& errors) {
  if (value < 0 || value > kMaxCount) {
    errors.Add(field, absl::StrCat("must be 0 to ", kMaxCount));
    return 0;
  }
  return value;
}

int Incidents(int value, const std::string& field,
              status::FieldErrors& errors) {
  if (value < 0 || value > kMaxIncidents) {
    errors.Add(field, absl::StrCat("must be 0 to ", kMaxIncidents));
    return 0;
  }
  return value;
}

void CheckUnitCode(const std::string& code, const SimulationBounds& bounds,
                   const std::string& field, status::FieldErrors& errors) {
  if (code.empty()) {
    errors.Add(field, "is required: a county-level unit's code (\"xinhua\")");
  } else if (!bounds.is_unit(code)) {
    errors.Add(field,
               absl::StrCat("\"", status::Echo(code),
                            "\" is not a county-level unit of the plan"));
  }
}

UnitYearInputs UnitFromProto(const v1::SimulatedUnit& s, const std::string& at,
                             const SimulationBounds& bounds,
                             status::FieldErrors& errors) {
  UnitYearInputs u;
  CheckUnitCode(s.unit_code(), bounds, at + "unit_code", errors);
  u.unit_code = s.unit_code();
  u.plan = Count(s.plan(), at + "plan", errors);
  if (s.issued_by_quarter_end_size() != 4) {
    errors.Add(at + "issued_by_quarter_end",
               "must have four numbers, one per quarter end");
  } else {
    for (int q = 0; q < 4; ++q) {
      u.issued_by_quarter_end[q] =
          Count(s.issued_by_quarter_end(q),
                absl::StrCat(at, "issued_by_quarter_end[", q, "]"), errors);
    }
  }
  u.issued_cumulative =
      Count(s.issued_cumulative(), at + "issued_cumulative", errors);
  u.activated_cumulative =
      Count(s.activated_cumulative(), at + "activated_cumulative", errors);
  u.service_items = Count(s.service_items(), at + "service_items", errors);
  u.regular.leadership =
      ParseHalfPoints(s.leadership(), 3, at + "leadership", errors)
          .value_or(Score());
  u.regular.measures = ParseHalfPoints(s.measures(), 4, at + "measures", errors)
                           .value_or(Score());
  u.regular.omissions = Incidents(s.omissions(), at + "omissions", errors);
  u.regular.criticisms = Incidents(s.criticisms(), at + "criticisms", errors);
  return u;
}

}  // namespace

std::vector<UnitYearInputs> FromProto(const v1::SimulateAssessmentRequest& in,
                                      const SimulationBounds& bounds,
                                      status::FieldErrors& errors) {
  CheckYear(in.year(), bounds.years, "year", errors);
  std::vector<UnitYearInputs> units;
  if (in.units().empty()) {
    errors.Add("units", "at least one unit is needed");
    return units;
  }
  if (in.units_size() > bounds.max_units) {
    // Not read further: each unit would only add violations.
    errors.Add("units",
               absl::StrCat("has ", in.units_size(), " units; there are ",
                            bounds.max_units, " county-level units"));
    return units;
  }
  for (int i = 0; i < in.units_size(); ++i) {
    units.push_back(UnitFromProto(in.units(i), absl::StrCat("units[", i, "]."),
                                  bounds, errors));
  }
  return units;
}

v1::SimulateAssessmentRequest ToProto(int year,
                                      const std::vector<UnitYearInputs>& in) {
  v1::SimulateAssessmentRequest out;
  out.set_year(year);
  for (const UnitYearInputs& u : in) {
    v1::SimulatedUnit* s = out.add_units();
    s->set_unit_code(u.unit_code);
    s->set_plan(u.plan);
    for (int64_t issued : u.issued_by_quarter_end) {
      s->add_issued_by_quarter_end(issued);
    }
    s->set_issued_cumulative(u.issued_cumulative);
    s->set_activated_cumulative(u.activated_cumulative);
    s->set_service_items(u.service_items);
    s->set_leadership(u.regular.leadership.ToString());
    s->set_measures(u.regular.measures.ToString());
    s->set_omissions(u.regular.omissions);
    s->set_criticisms(u.regular.criticisms);
  }
  return out;
}

v1::AssessmentResult ToProto(const YearAssessment& year,
                             const UnitNames& name_of) {
  v1::AssessmentResult out;
  out.set_year(year.year);
  for (const UnitAssessment& a : year.units) {
    ToProto(a, name_of(a.unit_code), out.add_units());
  }
  for (const auto& [quarter, ranked] : year.quarter_rankings) {
    v1::QuarterRanking* q = out.add_quarters();
    q->set_year(year.year);
    q->set_quarter(quarter);
    for (const RankedUnit& r : ranked) {
      v1::RankedUnit* u = q->add_units();
      u->set_unit_code(r.unit_code);
      u->set_name(name_of(r.unit_code));
      u->set_completion(r.completion.PercentString(1));
      u->set_rank(r.rank);
      u->set_points(r.points.ToString());
    }
  }
  return out;
}

}  // namespace unioncard::assessment
