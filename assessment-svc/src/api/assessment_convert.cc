#include "assessment-svc/src/api/assessment_convert.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

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

std::string Percent(const std::optional<Ratio>& r) {
  return r ? r->PercentString(1) : "-";
}

std::vector<UnitYearInputs> FromProto(const v1::SimulateAssessmentRequest& in,
                                      status::FieldErrors& errors) {
  std::vector<UnitYearInputs> units;
  for (int i = 0; i < in.units_size(); ++i) {
    const v1::SimulatedUnit& s = in.units(i);
    const std::string at = absl::StrCat("units[", i, "].");
    UnitYearInputs u;
    u.unit_code = s.unit_code();
    u.plan = s.plan();
    if (s.issued_by_quarter_end_size() != 4) {
      errors.Add(at + "issued_by_quarter_end",
                 "must have four numbers, one per quarter end");
    } else {
      for (int q = 0; q < 4; ++q) {
        u.issued_by_quarter_end[q] = s.issued_by_quarter_end(q);
      }
    }
    u.issued_cumulative = s.issued_cumulative();
    u.activated_cumulative = s.activated_cumulative();
    u.service_items = s.service_items();
    u.regular.leadership =
        ParseHalfPoints(s.leadership(), 3, at + "leadership", errors)
            .value_or(Score());
    u.regular.measures =
        ParseHalfPoints(s.measures(), 4, at + "measures", errors)
            .value_or(Score());
    u.regular.omissions = s.omissions();
    u.regular.criticisms = s.criticisms();
    units.push_back(std::move(u));
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
