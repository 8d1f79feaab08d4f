#include "card-svc/src/app/issuance_batches.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "card-svc/src/domain/eligibility.h"
#include "common/db/idempotency.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr size_t kMaxNamedMembers = 5000;

absl::Status ValidateMemberIds(const std::vector<int64_t>& ids) {
  if (ids.size() > kMaxNamedMembers) {
    return status::InvalidField(
        "member_ids", absl::StrCat("at most ", kMaxNamedMembers,
                                   " members per batch; split the list"));
  }
  status::FieldErrors errors;
  std::set<int64_t> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string field = absl::StrCat("member_ids[", i, "]");
    if (ids[i] <= 0) {
      errors.Add(field, "must be a member id (> 0)");
    } else if (!seen.insert(ids[i]).second) {
      errors.Add(field, absl::StrCat("member ", ids[i], " is listed twice"));
    }
  }
  return errors.ToStatus();
}

}  // namespace

absl::StatusOr<IssuanceBatchRecord> IssuanceBatches::Create(
    const auth::Principal& caller, const std::string& request_id,
    const std::string& org_id, const std::vector<int64_t>& member_ids) {
  if (org_id.empty()) return status::InvalidField("org_id", "is required");
  RETURN_IF_ERROR(ValidateMemberIds(member_ids));
  ASSIGN_OR_RETURN(member::v1::OrgUnit unit, members_->GetOrgUnit(org_id));
  RETURN_IF_ERROR(access_.CheckIssueBatch(caller, unit.path()));
  if (unit.level() != member::v1::GRASSROOTS) {
    return status::InvalidField(
        "org_id", absl::StrCat(org_id,
                               " is not a grassroots union; cards are issued "
                               "in batches per grassroots union"));
  }
  if (unit.closed()) {
    return absl::FailedPreconditionError(
        absl::StrCat("union ", org_id, " is closed; no new batches"));
  }
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(
      IssuanceBatchRecord batch,
      batches_->Create(caller, id, org_id, unit.county_id(), unit.path()));
  if (batch.org_id != org_id) {
    return status::InvalidField("request_id",
                                absl::StrCat("was used for batch ", batch.id,
                                             " of union ", batch.org_id));
  }
  if (batch.state == BatchState::kFilling) {
    if (member_ids.empty()) {
      RETURN_IF_ERROR(members_->ForEachApprovedMember(
          org_id, [&](const member::v1::Member& m) {
            return AddMember(caller, batch, m, /*named=*/false);
          }));
    } else {
      for (int64_t member_id : member_ids) {
        absl::StatusOr<member::v1::Member> m = members_->GetMember(member_id);
        if (m.status().code() == absl::StatusCode::kNotFound) {
          RETURN_IF_ERROR(
              batches_->AddProblem(batch.id, member_id, "no such member"));
          continue;
        }
        if (!m.ok()) return m.status();
        RETURN_IF_ERROR(AddMember(caller, batch, *m, /*named=*/true));
      }
    }
    RETURN_IF_ERROR(batches_->MarkQueued(caller, batch.id));
    if (on_queued_) on_queued_();
  }
  return batches_->Get(batch.id, /*with_items=*/true);
}

absl::Status IssuanceBatches::AddMember(const auth::Principal& caller,
                                        const IssuanceBatchRecord& batch,
                                        const member::v1::Member& member,
                                        bool named) {
  auto refuse = [&](absl::string_view why) -> absl::Status {
    if (!named) return absl::OkStatus();
    return batches_->AddProblem(batch.id, member.id(), std::string(why));
  };
  if (member.org_id() != batch.org_id) {
    return refuse(absl::StrCat("belongs to union ", member.org_id(), ", not ",
                               batch.org_id));
  }
  if (absl::Status eligible = CheckCardEligibility(member); !eligible.ok()) {
    return refuse(eligible.message());
  }
  absl::StatusOr<CardRecord> card = cards_->Request(
      caller, absl::StrCat("batch:", batch.id, ":member:", member.id()),
      member.id(), member.county_id(), member.org_id());
  if (card.status().code() == absl::StatusCode::kAlreadyExists) {
    // A card requested on its own and not yet sent joins this batch;
    // a card further along is the member's card already.
    ASSIGN_OR_RETURN(std::optional<CardRecord> live,
                     cards_->LiveCardOf(member.id()));
    if (!live.has_value() || live->lifecycle.state != CardState::kRequested) {
      return refuse(card.status().message());
    }
    card = *live;
  }
  if (!card.ok()) return card.status();
  absl::Status added = batches_->AddCard(batch.id, member.id(), card->id);
  if (added.code() == absl::StatusCode::kAlreadyExists) {
    return refuse(added.message());
  }
  return added;
}

absl::StatusOr<IssuanceBatchRecord> IssuanceBatches::Get(
    const auth::Principal& caller, int64_t batch_id) {
  if (batch_id <= 0) {
    return status::InvalidField("id", "must be a batch id (> 0)");
  }
  ASSIGN_OR_RETURN(IssuanceBatchRecord batch,
                   batches_->Get(batch_id, /*with_items=*/true));
  RETURN_IF_ERROR(access_.CheckRead(caller, batch.org_path));
  return batch;
}

}  // namespace unioncard::card
