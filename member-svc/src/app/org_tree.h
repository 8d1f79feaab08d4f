#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_ORG_TREE_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_ORG_TREE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member.h"
#include "member-svc/src/store/org_store.h"

namespace unioncard::member {

struct OrgPage {
  std::vector<OrgUnit> units;
  bool more = false;  // a next page exists, after units.back()
};

// OrgService's use cases (docs/rules.md §3.1): the tree (names and ids,
// no personal data) is open to every staff account city-wide; county
// staff create, rename and close the grassroots unions under their
// county, the city any. Changes are once per request id ("": a new one).
class OrgTree {
 public:
  OrgTree(OrgStore* orgs, const AccessPolicy* policy)
      : orgs_(orgs), policy_(policy) {}

  absl::StatusOr<OrgUnit> Get(const auth::Principal& caller,
                              const std::string& id) const;
  // Children of `parent_id` ("": the caller's own unit) after the id
  // `after`, `page_size` at most.
  absl::StatusOr<OrgPage> ListChildren(const auth::Principal& caller,
                                       const std::string& parent_id,
                                       bool include_closed,
                                       const std::string& after,
                                       int page_size) const;
  // `id` "" lets the store make one. Name, id and parent are checked
  // together, each under its field.
  absl::StatusOr<OrgUnit> CreateGrassroots(const auth::Principal& caller,
                                           const std::string& request_id,
                                           const std::string& parent_id,
                                           const std::string& id,
                                           const std::string& name) const;
  absl::StatusOr<OrgUnit> Rename(const auth::Principal& caller,
                                 const std::string& request_id,
                                 const std::string& id,
                                 const std::string& name) const;
  absl::StatusOr<OrgUnit> CloseGrassroots(const auth::Principal& caller,
                                          const std::string& request_id,
                                          const std::string& id) const;

 private:
  OrgStore* orgs_;
  const AccessPolicy* policy_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_ORG_TREE_H_
