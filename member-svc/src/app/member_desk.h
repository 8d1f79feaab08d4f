#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_DESK_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_DESK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/help_desk.h"
#include "member-svc/src/store/help_desk_store.h"
#include "member-svc/src/store/member_store.h"
#include "member-svc/src/store/org_store.h"

namespace unioncard::member {

// The help desk's use cases (docs/rules.md §9): a member asks their county
// union for help; the county (or the city) takes, answers and closes the
// request. A request of another county is answered as unknown.
class HelpRequests {
 public:
  HelpRequests(HelpDeskStore* desk, MemberStore* members, OrgStore* orgs,
               const AccessPolicy* policy)
      : desk_(desk), members_(members), orgs_(orgs), policy_(policy) {}

  // `kind` nullopt: none of the kinds a member may ask.
  absl::StatusOr<HelpRequestRecord> Submit(const auth::Principal& caller,
                                           const std::string& request_id,
                                           int64_t member_id,
                                           std::optional<HelpKind> kind,
                                           const std::string& subject,
                                           const std::string& body) const;
  // A member sees their own requests (`member_id`); staff their county's
  // (`county_id`, "": their own; the city: all), of one member if
  // `member_id` > 0. `filter`'s page (before_id, limit) is kept.
  absl::StatusOr<std::vector<HelpRequestRecord>> List(
      const auth::Principal& caller, int64_t member_id,
      const std::string& county_id, HelpRequestFilter filter) const;
  absl::StatusOr<HelpRequestRecord> Act(const auth::Principal& caller,
                                        int64_t help_request_id,
                                        HelpAction action,
                                        const std::string& answer) const;

 private:
  HelpDeskStore* desk_;
  MemberStore* members_;
  OrgStore* orgs_;
  const AccessPolicy* policy_;
};

// Notices: the city publishes for everyone, a county union for its own;
// everyone in the county (its members included) and the city reads them.
class Notices {
 public:
  Notices(HelpDeskStore* desk, OrgStore* orgs, const AccessPolicy* policy)
      : desk_(desk), orgs_(orgs), policy_(policy) {}

  // `owner`: "city" or a county union's id.
  absl::StatusOr<NoticeRecord> Publish(const auth::Principal& caller,
                                       const std::string& request_id,
                                       const std::string& owner,
                                       const std::string& title,
                                       const std::string& body) const;
  // The city's and a county's notices (`county_id` "": the caller's own;
  // the city: all), newest first.
  absl::StatusOr<std::vector<NoticeRecord>> List(const auth::Principal& caller,
                                                 const std::string& county_id,
                                                 int64_t before_id,
                                                 int limit) const;

 private:
  HelpDeskStore* desk_;
  OrgStore* orgs_;
  const AccessPolicy* policy_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_DESK_H_
