#ifndef UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_STORE_H_
#define UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/crypto/personal_data.h"
#include "common/db/connection_pool.h"
#include "common/db/event_outbox.h"
#include "member-svc/src/domain/member.h"
#include "member-svc/src/domain/member_validation.h"
#include "member-svc/src/store/member_feed_encoder.h"
#include "nlohmann/json.hpp"

namespace unioncard::member {

// A validated member and the union it joins.
struct NewMember {
  ValidMember member;
  OrgUnit org;
};

struct MemberFilter {
  std::string org_path;  // subtree
  std::optional<ReviewState> review_state;
  std::optional<MembershipStatus> membership_status;
  bool migrant_workers_only = false;
  std::string name_prefix;
  int64_t after_id = 0;
  int limit = 50;
};

// What a decision does to a member: its new state plus the event and audit
// entry that record it (written in the same transaction).
struct MemberChange {
  MemberRecord updated;
  MemberChangeKind kind = MemberChangeKind::kUpdated;
  std::string audit_action;
  nlohmann::json audit_detail = nlohmann::json::object();
  std::string from_org_id;  // for transfers
  std::string from_county_id;
  // Set when the mobile changes: the new number in clear, to encrypt.
  std::optional<std::string> new_mobile;
};

// Looks at the locked current row and decides; an error aborts the change.
using DecideChange =
    std::function<absl::StatusOr<MemberChange>(const MemberRecord& current)>;

// One row of a bulk import, and what became of it.
struct ImportCandidate {
  int row_number = 0;
  NewMember member;
  ImportRowOutcome outcome = ImportRowOutcome::kPending;
  int64_t member_id = 0;
  std::string field;
  std::string reason;
};

struct MemberCountRow {
  std::string org_id;  // county, or grassroots union when broken down
  std::string county_id;
  ReviewState review_state;
  MembershipStatus membership_status;
  int64_t members;
};

// Members in MySQL: encryption at rest, the blind index, the change feed
// and the audit trail, each change in one transaction.
class MemberStore {
 public:
  // `encoder` writes the change feed's payloads (MemberEventEncoder).
  MemberStore(db::ConnectionPool* pool, crypto::FieldCipher cipher,
              crypto::BlindIndex index, const db::EventOutbox* outbox,
              const MemberFeedEncoder* encoder)
      : pool_(pool),
        cipher_(std::move(cipher)),
        index_(std::move(index)),
        outbox_(outbox),
        encoder_(encoder) {}

  // ALREADY_EXISTS naming the existing member (masked) for a known ID
  // number. A retry with the same request id returns the first member.
  absl::StatusOr<MemberRecord> Register(const auth::Principal& caller,
                                        const std::string& request_id,
                                        const NewMember& member);

  // NOT_FOUND naming the id. With `reveal` the ID number and mobile are
  // decrypted and the reveal is audited.
  absl::StatusOr<MemberRecord> Get(int64_t id);
  absl::StatusOr<MemberRecord> Reveal(const auth::Principal& caller,
                                      int64_t id);

  // Data-key rotation: re-seals, under the active key, the ID number and
  // mobile of up to `limit` members after `after_id` (by id) sealed under a
  // retired key (crypto::Keyring::retired). Each row is rewritten only if
  // it still holds what was read, so a concurrent change or another
  // replica's pass is never overwritten; such a row is counted as
  // `lost_race` (the pass looks again). A row that does not decrypt is
  // skipped and named, not allowed to stop the rest.
  struct ResealPage {
    int moved = 0;
    int lost_race = 0;
    std::vector<int64_t> unreadable;  // member ids
    int64_t last_id = 0;              // 0: nothing was left after after_id
  };
  absl::StatusOr<ResealPage> ResealRetiredKeys(int64_t after_id, int limit);
  // Members with an ID number or mobile still under a retired key.
  absl::StatusOr<int64_t> CountUnderRetiredKeys();

  // True when `mobile` (normalised) is the member's mobile on record. The
  // number is decrypted only to compare; nothing is returned or logged.
  absl::StatusOr<bool> MobileMatches(int64_t id, const std::string& mobile);

  // The member with this (normalised) ID number, if any.
  absl::StatusOr<std::optional<int64_t>> FindIdByIdNumber(
      const std::string& id_number);

  // `limit` + 1 rows are read to tell whether there is a next page.
  absl::StatusOr<std::vector<MemberRecord>> List(const MemberFilter& filter);

  // Locks the member, asks `decide`, writes the change, its event and audit
  // row. Once per request id: a retry returns the member as it is now.
  absl::StatusOr<MemberRecord> Change(const auth::Principal& caller,
                                      const std::string& request_id,
                                      const std::string& method,
                                      int64_t member_id,
                                      const DecideChange& decide);

  // Registers the rows that are new, in one transaction: a row whose ID
  // number is already in the same union is UNCHANGED (re-import), in
  // another union FAILED; a repeat within the chunk FAILED. Sets each
  // candidate's outcome.
  absl::Status ImportChunk(const auth::Principal& caller,
                           const std::string& source_name,
                           std::vector<ImportCandidate*>& rows);

  absl::StatusOr<std::vector<MemberCountRow>> Count(const std::string& org_path,
                                                    bool by_grassroots);

  const db::EventOutbox& outbox() const { return *outbox_; }

 private:
  struct Sealed;  // a member's encrypted personal fields
  absl::StatusOr<Sealed> Seal(const ValidMember& member) const;

  db::ConnectionPool* pool_;
  crypto::FieldCipher cipher_;
  crypto::BlindIndex index_;
  const db::EventOutbox* outbox_;
  const MemberFeedEncoder* encoder_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_STORE_MEMBER_STORE_H_
