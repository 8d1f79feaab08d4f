#ifndef UNIONCARD_MEMBER_SVC_SRC_STORE_ORG_STORE_H_
#define UNIONCARD_MEMBER_SVC_SRC_STORE_ORG_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"
#include "common/reference/county_plan.h"
#include "member-svc/src/domain/member.h"

namespace unioncard::member {

// The org tree in MySQL. Paths are ids from the root, so a subtree is a
// path prefix and moves never rewrite paths (units are not moved).
class OrgStore {
 public:
  explicit OrgStore(db::ConnectionPool* pool) : pool_(pool) {}

  // Loads the city and the county-level units of the shipped plan; rows
  // already there are left alone, so every start may call it.
  absl::Status LoadReference(const std::vector<reference::CountyPlan>& plan,
                             const std::string& city_name);

  // NOT_FOUND naming the id.
  absl::StatusOr<OrgUnit> Get(const std::string& id);

  // Children of `parent_id` with id > `after_id`, by id.
  absl::StatusOr<std::vector<OrgUnit>> ListChildren(
      const std::string& parent_id, bool include_closed,
      const std::string& after_id, int limit);

  // A new grassroots union under the county `parent`. `id` empty →
  // "<county>-g<NNNN>". ALREADY_EXISTS when the id is taken.
  absl::StatusOr<OrgUnit> CreateGrassroots(const auth::Principal& caller,
                                           const std::string& request_id,
                                           const OrgUnit& parent,
                                           const std::string& id,
                                           const std::string& name);
  absl::StatusOr<OrgUnit> Rename(const auth::Principal& caller,
                                 const std::string& request_id,
                                 const std::string& id,
                                 const std::string& name);
  // FAILED_PRECONDITION while active members remain.
  absl::StatusOr<OrgUnit> CloseGrassroots(const auth::Principal& caller,
                                          const std::string& request_id,
                                          const std::string& id);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_STORE_ORG_STORE_H_
