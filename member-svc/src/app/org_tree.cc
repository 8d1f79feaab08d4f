#include "member-svc/src/app/org_tree.h"

#include "absl/strings/ascii.h"
#include "common/db/idempotency.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::member {
namespace {

absl::StatusOr<std::string> ValidUnitName(const std::string& raw) {
  std::string name(absl::StripAsciiWhitespace(raw));
  if (name.empty()) return status::InvalidField("name", "is required");
  if (absl::Status s = text::CheckText(name, 100); !s.ok()) {
    return status::InvalidField("name", std::string(s.message()));
  }
  return name;
}

// Ids appear in org paths and tokens: lower-case letters, digits, hyphens.
absl::Status ValidUnitId(const std::string& id) {
  if (id.empty() || id.size() > 48) {
    return status::InvalidField("id", "must be 1 to 48 characters");
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return status::InvalidField("id",
                                  "may contain only a-z, 0-9 and hyphens");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OrgUnit> OrgTree::Get(const auth::Principal& caller,
                                     const std::string& id) const {
  RETURN_IF_ERROR(policy_->CheckReadOrgTree(caller));
  return orgs_->Get(id);
}

absl::StatusOr<OrgPage> OrgTree::ListChildren(const auth::Principal& caller,
                                              const std::string& parent_id,
                                              bool include_closed,
                                              const std::string& after,
                                              int page_size) const {
  RETURN_IF_ERROR(policy_->CheckReadOrgTree(caller));
  ASSIGN_OR_RETURN(OrgUnit parent,
                   orgs_->Get(parent_id.empty() ? caller.org_id : parent_id));
  OrgPage page;
  ASSIGN_OR_RETURN(page.units, orgs_->ListChildren(parent.id, include_closed,
                                                   after, page_size + 1));
  page.more = static_cast<int>(page.units.size()) > page_size;
  if (page.more) page.units.resize(page_size);
  return page;
}

absl::StatusOr<OrgUnit> OrgTree::CreateGrassroots(
    const auth::Principal& caller, const std::string& request_id,
    const std::string& parent_id, const std::string& id,
    const std::string& name) const {
  ASSIGN_OR_RETURN(std::string request, db::RequestIdOrNew(request_id));
  status::FieldErrors errors;
  absl::StatusOr<std::string> valid_name = ValidUnitName(name);
  errors.Merge("", valid_name.status());
  if (!id.empty()) errors.Merge("", ValidUnitId(id));
  if (parent_id.empty()) errors.Add("parent_id", "is required");
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(OrgUnit parent, orgs_->Get(parent_id));
  RETURN_IF_ERROR(policy_->CheckManageOrgs(caller, parent.path));
  if (parent.level != OrgLevel::kCounty) {
    return status::InvalidField(
        "parent_id", "grassroots unions belong to a county-level unit");
  }
  return orgs_->CreateGrassroots(caller, request, parent, id, *valid_name);
}

absl::StatusOr<OrgUnit> OrgTree::Rename(const auth::Principal& caller,
                                        const std::string& request_id,
                                        const std::string& id,
                                        const std::string& name) const {
  ASSIGN_OR_RETURN(std::string request, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(std::string valid_name, ValidUnitName(name));
  if (id.empty()) return status::InvalidField("id", "is required");
  ASSIGN_OR_RETURN(OrgUnit org, orgs_->Get(id));
  RETURN_IF_ERROR(policy_->CheckManageOrgs(caller, org.path));
  return orgs_->Rename(caller, request, org.id, valid_name);
}

absl::StatusOr<OrgUnit> OrgTree::CloseGrassroots(const auth::Principal& caller,
                                                 const std::string& request_id,
                                                 const std::string& id) const {
  ASSIGN_OR_RETURN(std::string request, db::RequestIdOrNew(request_id));
  if (id.empty()) return status::InvalidField("id", "is required");
  ASSIGN_OR_RETURN(OrgUnit org, orgs_->Get(id));
  RETURN_IF_ERROR(policy_->CheckManageOrgs(caller, org.path));
  return orgs_->CloseGrassroots(caller, request, org.id);
}

}  // namespace unioncard::member
