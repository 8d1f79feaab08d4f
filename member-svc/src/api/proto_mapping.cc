#include "member-svc/src/api/proto_mapping.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/person/region_code.h"
#include "common/person/resident_id.h"
#include "member-svc/src/app/member_api_codecs.h"

namespace unioncard::member {

using rpc::SetTimestamp;

void ToProto(const MemberRecord& m, v1::Member* out) {
  out->set_id(m.id);
  out->set_name(m.name);
  out->set_id_number(m.id_number);
  out->set_gender(m.gender == person::Gender::kMale ? v1::GENDER_MALE
                                                    : v1::GENDER_FEMALE);
  out->set_birth_date(absl::FormatCivilTime(m.birth_date));
  out->set_mobile(m.mobile);
  out->set_org_id(m.org_id);
  out->set_county_id(m.county_id);
  out->set_employer(m.employer);
  out->set_migrant_worker(m.migrant_worker);
  out->set_join_date(absl::FormatCivilTime(m.join_date));
  out->set_review_state(kReviewStateApi.Encode(m.review_state));
  out->set_review_note(m.review_note);
  out->set_membership_status(kMembershipStatusApi.Encode(m.membership_status));
  if (m.membership_status == MembershipStatus::kEnded) {
    out->set_end_reason(kEndReasonApi.Encode(m.end_reason));
  }
  SetTimestamp(m.created_at, out->mutable_create_time());
  SetTimestamp(m.updated_at, out->mutable_update_time());
  out->set_revealed(m.revealed);
  // A masked number keeps its region code, so this works either way.
  const std::string region_code = m.id_number.substr(0, 6);
  if (std::optional<std::string> region = person::RegionName(region_code)) {
    out->set_id_region(*region);
  } else if (m.id_number.size() == 18) {
    out->add_warnings(
        absl::StrCat("id_number: ", person::UnknownRegionWarning(region_code)));
  }
}

void ToProto(const IdNumberVerdict& verdict,
             v1::DescribeIdNumberResponse* out) {
  out->set_id_number(person::MaskResidentId(verdict.id.number));
  out->set_region_code(verdict.id.region_code);
  out->set_region(verdict.id.region_name);
  out->set_birth_date(absl::FormatCivilTime(verdict.id.birth_date));
  out->set_gender(verdict.id.gender == person::Gender::kMale
                      ? v1::GENDER_MALE
                      : v1::GENDER_FEMALE);
  out->set_age(verdict.age);
  out->set_registration_problem(verdict.registration_problem);
  if (!verdict.warning.empty()) {
    out->add_warnings(absl::StrCat("id_number: ", verdict.warning));
  }
}

v1::ImportOutcome ToProto(ImportRowOutcome outcome) {
  switch (outcome) {
    case ImportRowOutcome::kCreated:
      return v1::IMPORT_OUTCOME_CREATED;
    case ImportRowOutcome::kUnchanged:
      return v1::IMPORT_OUTCOME_UNCHANGED;
    case ImportRowOutcome::kFailed:
      return v1::IMPORT_OUTCOME_FAILED;
    case ImportRowOutcome::kPending:
      break;
  }
  return v1::IMPORT_OUTCOME_UNSPECIFIED;
}

void ToProto(const OrgUnit& org, v1::OrgUnit* out) {
  out->set_id(org.id);
  out->set_parent_id(org.parent_id);
  out->set_level(kOrgLevelApi.Encode(org.level));
  out->set_name(org.name);
  out->set_path(org.path);
  out->set_county_id(org.county_id);
  out->set_closed(org.closed);
  SetTimestamp(org.created_at, out->mutable_create_time());
}

}  // namespace unioncard::member
