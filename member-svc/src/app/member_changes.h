#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_CHANGES_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_CHANGES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member.h"
#include "member-svc/src/domain/member_validation.h"
#include "member-svc/src/domain/review_pipeline.h"
#include "member-svc/src/store/member_store.h"
#include "member-svc/src/store/org_store.h"

namespace unioncard::member {

// The fields of an update, as sent; only those named in `fields` are
// applied ("name", "mobile", "employer", "migrant_worker", "join_date":
// the api layer has refused any other).
struct MemberPatch {
  int64_t member_id = 0;
  std::vector<std::string> fields;
  std::string name;
  std::string mobile;
  std::string employer;
  bool migrant_worker = false;
  std::string join_date;
};

// One member of a review batch: the state it reached, or why not.
struct ReviewOutcomeRow {
  int64_t member_id = 0;
  absl::StatusOr<ReviewState> state;
};

// MemberService's changes (docs/rules.md §3.2–§3.7): each checks the
// caller's scope on the member's current row, decides by the domain's
// rules, and has the store write the change, its feed event and audit row
// in one transaction, once per request id. `request_id` empty: a new one.
class MemberChanges {
 public:
  // `appended` is told after every change that wrote a feed event (the
  // service's EventFeed wakes its watchers).
  MemberChanges(OrgStore* orgs, MemberStore* members,
                const AccessPolicy* policy, const MemberPolicy* rules,
                std::function<void()> appended)
      : orgs_(orgs),
        members_(members),
        policy_(policy),
        rules_(rules),
        appended_(std::move(appended)) {}

  absl::StatusOr<MemberRecord> Register(const auth::Principal& caller,
                                        const std::string& request_id,
                                        const std::string& org_id,
                                        const MemberInput& input,
                                        absl::CivilDay today) const;
  absl::StatusOr<MemberRecord> Update(const auth::Principal& caller,
                                      const std::string& request_id,
                                      const MemberPatch& patch,
                                      absl::CivilDay today) const;
  absl::StatusOr<MemberRecord> Transfer(const auth::Principal& caller,
                                        const std::string& request_id,
                                        int64_t member_id,
                                        const std::string& to_org_id) const;
  absl::StatusOr<MemberRecord> End(const auth::Principal& caller,
                                   const std::string& request_id,
                                   int64_t member_id, EndReason reason,
                                   const std::string& note) const;
  absl::StatusOr<MemberRecord> Reinstate(const auth::Principal& caller,
                                         const std::string& request_id,
                                         int64_t member_id) const;
  // Each member succeeds or fails on its own, and is deduplicated on its
  // own ("<request id>:<member id>") when the batch is retried. At most
  // kMaxReviewBatch members; `action` is required (nullopt: not given).
  static constexpr int kMaxReviewBatch = 1000;
  absl::StatusOr<std::vector<ReviewOutcomeRow>> Review(
      const auth::Principal& caller, const std::string& request_id,
      const std::vector<int64_t>& member_ids,
      std::optional<ReviewAction> action, const std::string& reason) const;

  // The union a member may be registered into, by the caller: an open
  // grassroots union in their write scope. `field` names the input in
  // errors ("org_id"; an import's "grassroots_code").
  absl::StatusOr<OrgUnit> WritableGrassroots(const auth::Principal& caller,
                                             const std::string& org_id,
                                             const char* field) const;

 private:
  // A single-member change under the caller's write scope (or, with
  // `fields`, the update scope: a member changes their own mobile).
  absl::StatusOr<MemberRecord> Change(
      const auth::Principal& caller, const std::string& request_id,
      const char* method, int64_t member_id, const DecideChange& decide,
      const std::vector<std::string>& fields = {}) const;

  OrgStore* orgs_;
  MemberStore* members_;
  const AccessPolicy* policy_;
  const MemberPolicy* rules_;
  std::function<void()> appended_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_CHANGES_H_
