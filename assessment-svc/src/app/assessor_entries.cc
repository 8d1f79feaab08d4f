#include "assessment-svc/src/app/assessor_entries.h"

#include "common/status/macros.h"

namespace unioncard::assessment {

absl::Status AssessorEntries::SetRegularItems(const auth::Principal& caller,
                                              int year,
                                              const std::string& unit_code,
                                              const RegularItems& items) const {
  RETURN_IF_ERROR(
      access_.CheckEnterItems(caller, "enter regular assessment items"));
  return regular_items_->Set(caller, year, unit_code, items);
}

absl::StatusOr<std::vector<RegularItemsRow>> AssessorEntries::RegularItemsOf(
    const auth::Principal& caller, int year) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  ASSIGN_OR_RETURN(auto entries, regular_items_->OfYear(year));
  ASSIGN_OR_RETURN(std::vector<Incident> incidents,
                   incidents_->OfYear(year, ""));
  std::map<std::string, IncidentCounts> counts = CountIncidents(incidents);
  std::vector<RegularItemsRow> rows;
  for (auto& [unit, entry] : entries) {
    rows.push_back({unit, std::move(entry), counts[unit]});
  }
  return rows;
}

absl::StatusOr<Incident> AssessorEntries::AddIncident(
    const auth::Principal& caller, const std::string& request_id,
    const Incident& incident) const {
  RETURN_IF_ERROR(
      access_.CheckEnterItems(caller, "enter omissions and criticism notices"));
  return incidents_->Add(caller, request_id, incident);
}

absl::StatusOr<Incident> AssessorEntries::WithdrawIncident(
    const auth::Principal& caller, int64_t id,
    const std::string& reason) const {
  RETURN_IF_ERROR(access_.CheckEnterItems(caller, "withdraw incidents"));
  return incidents_->Withdraw(caller, id, reason);
}

absl::StatusOr<std::vector<Incident>> AssessorEntries::IncidentsOf(
    const auth::Principal& caller, int year,
    const std::string& unit_code) const {
  RETURN_IF_ERROR(access_.CheckRead(caller));
  return incidents_->OfYear(year, unit_code);
}

}  // namespace unioncard::assessment
