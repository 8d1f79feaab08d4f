#include "member-svc/src/app/member_reads.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/person/mobile_number.h"
#include "common/person/resident_id.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::member {
namespace {

// Any well-formed number may be looked up, whatever the age.
absl::StatusOr<person::ResidentId> LookupIdNumber(const std::string& text,
                                                  absl::CivilDay today) {
  auto id =
      person::ParseResidentId(std::string(absl::StripAsciiWhitespace(text)),
                              today, person::AgePolicy{0, 200});
  if (!id.ok()) {
    return status::InvalidField("id_number",
                                std::string(id.status().message()));
  }
  return id;
}

}  // namespace

absl::StatusOr<MemberRecord> MemberReads::Present(const auth::Principal& caller,
                                                  MemberRecord member,
                                                  bool reveal) const {
  if (!reveal) return member;
  RETURN_IF_ERROR(policy_->CheckReveal(caller, member.org_path));
  return members_->Reveal(caller, member.id);
}

absl::StatusOr<MemberRecord> MemberReads::Get(const auth::Principal& caller,
                                              int64_t id, bool reveal) const {
  // A role that reads no members is told so before any lookup.
  if (!auth::IsMemberSelf(caller, id)) {
    RETURN_IF_ERROR(policy_->CheckRead(caller, caller.org_path));
  }
  absl::StatusOr<MemberRecord> member = members_->Get(id);
  if (member.ok() &&
      !policy_->CheckReadMember(caller, id, member->org_path).ok()) {
    member = absl::NotFoundError(absl::StrCat("member ", id, " not found"));
  }
  if (!member.ok()) return member.status();
  return Present(caller, *std::move(member), reveal);
}

absl::StatusOr<MemberRecord> MemberReads::FindByIdNumber(
    const auth::Principal& caller, const std::string& id_number, bool reveal,
    absl::CivilDay today) const {
  ASSIGN_OR_RETURN(person::ResidentId id, LookupIdNumber(id_number, today));
  RETURN_IF_ERROR(policy_->CheckRead(caller, caller.org_path));
  const absl::Status unknown = absl::NotFoundError(absl::StrCat(
      "no member has ID number ", person::MaskResidentId(id.number)));
  ASSIGN_OR_RETURN(std::optional<int64_t> member_id,
                   members_->FindIdByIdNumber(id.number));
  if (!member_id.has_value()) return unknown;
  ASSIGN_OR_RETURN(MemberRecord member, members_->Get(*member_id));
  if (!policy_->CheckRead(caller, member.org_path).ok()) return unknown;
  return Present(caller, std::move(member), reveal);
}

absl::StatusOr<MemberPage> MemberReads::List(const auth::Principal& caller,
                                             const std::string& org_id,
                                             MemberFilter filter) const {
  ASSIGN_OR_RETURN(OrgUnit org,
                   orgs_->Get(org_id.empty() ? caller.org_id : org_id));
  RETURN_IF_ERROR(policy_->CheckRead(caller, org.path));
  if (absl::Status s =
          text::CheckText(filter.name_prefix, rules_->max_name_characters);
      !s.ok()) {
    return status::InvalidField("name_prefix", std::string(s.message()));
  }
  filter.org_path = org.path;
  MemberPage page;
  ASSIGN_OR_RETURN(page.members, members_->List(filter));
  page.more = static_cast<int>(page.members.size()) > filter.limit;
  if (page.more) page.members.resize(filter.limit);
  return page;
}

absl::StatusOr<std::vector<MemberCountRow>> MemberReads::Count(
    const auth::Principal& caller, const std::string& org_id,
    bool by_grassroots) const {
  ASSIGN_OR_RETURN(OrgUnit org,
                   orgs_->Get(org_id.empty() ? caller.org_id : org_id));
  RETURN_IF_ERROR(policy_->CheckCount(caller, org.path));
  return members_->Count(org.path, by_grassroots);
}

absl::StatusOr<MemberRecord> MemberReads::VerifyContact(
    const auth::Principal& caller, const std::string& id_number,
    const std::string& mobile, absl::CivilDay today) const {
  RETURN_IF_ERROR(policy_->CheckVerifyContact(caller));
  ASSIGN_OR_RETURN(person::ResidentId id, LookupIdNumber(id_number, today));
  absl::StatusOr<std::string> normalised =
      person::NormalizeMobileNumber(mobile);
  if (!normalised.ok()) {
    return status::InvalidField("mobile",
                                std::string(normalised.status().message()));
  }
  // One answer for every kind of mismatch: the caller learns only that
  // these details do not belong to a member in good standing.
  const absl::Status no_match = absl::NotFoundError(
      "no member in good standing has this ID number and mobile");
  ASSIGN_OR_RETURN(std::optional<int64_t> member_id,
                   members_->FindIdByIdNumber(id.number));
  if (!member_id.has_value()) return no_match;
  ASSIGN_OR_RETURN(MemberRecord member, members_->Get(*member_id));
  if (member.membership_status != MembershipStatus::kActive ||
      member.review_state == ReviewState::kRejected) {
    return no_match;
  }
  ASSIGN_OR_RETURN(bool matches,
                   members_->MobileMatches(member.id, *normalised));
  if (!matches) return no_match;
  return member;
}

absl::Status MemberReads::CheckFeedReader(const auth::Principal& caller) const {
  return policy_->CheckRead(caller, "/city/");
}

}  // namespace unioncard::member
