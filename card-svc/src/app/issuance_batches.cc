#include "card-svc/src/app/issuance_batches.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "card-svc/src/app/org_scope.h"
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
  if (unit.level() != member::v1::ORG_LEVEL_GRASSROOTS) {
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
    // Members go in pages; each page's cards are requested together.
    const bool named = !member_ids.empty();
    std::vector<member::v1::Member> page;
    auto flush = [&]() -> absl::Status {
      absl::Status added = AddMembers(caller, batch, page, named);
      page.clear();
      return added;
    };
    if (!named) {
      RETURN_IF_ERROR(members_->ForEachApprovedMember(
          org_id, [&](const member::v1::Member& m) {
            page.push_back(m);
            return page.size() >= page_size_ ? flush() : absl::OkStatus();
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
        page.push_back(*m);
        if (page.size() >= page_size_) RETURN_IF_ERROR(flush());
      }
    }
    RETURN_IF_ERROR(flush());
    RETURN_IF_ERROR(batches_->MarkQueued(caller, batch.id));
    if (on_queued_) on_queued_();
  }
  return batches_->Get(batch.id, /*with_items=*/true);
}

absl::Status IssuanceBatches::AddMembers(
    const auth::Principal& caller, const IssuanceBatchRecord& batch,
    const std::vector<member::v1::Member>& members, bool named) {
  auto refuse = [&](int64_t member_id, absl::string_view why) {
    if (!named) return absl::OkStatus();
    return batches_->AddProblem(batch.id, member_id, std::string(why));
  };
  std::vector<CardToRequest> requests;
  for (const member::v1::Member& m : members) {
    if (m.org_id() != batch.org_id) {
      RETURN_IF_ERROR(
          refuse(m.id(), absl::StrCat("belongs to union ", m.org_id(), ", not ",
                                      batch.org_id)));
      continue;
    }
    if (absl::Status eligible = CheckCardEligibility(ApplicantOf(m));
        !eligible.ok()) {
      RETURN_IF_ERROR(refuse(m.id(), eligible.message()));
      continue;
    }
    requests.push_back({absl::StrCat("batch:", batch.id, ":member:", m.id()),
                        m.id(), m.county_id(), m.org_id()});
  }
  ASSIGN_OR_RETURN(auto cards, cards_->RequestMany(caller, requests));
  std::vector<std::pair<int64_t, int64_t>> fresh;  // member, card
  for (size_t i = 0; i < requests.size(); ++i) {
    const int64_t member_id = requests[i].member_id;
    switch (cards[i].kind) {
      case CardRequestOutcome::Kind::kRequested:
        fresh.emplace_back(member_id, cards[i].card_id);
        continue;
      case CardRequestOutcome::Kind::kRefused:
        return cards[i].refusal;
      case CardRequestOutcome::Kind::kMemberHasCard:
        break;
    }
    // A live card already: one requested on its own and not yet sent joins
    // this batch; a card further along is the member's card already.
    ASSIGN_OR_RETURN(std::optional<CardRecord> live,
                     cards_->LiveCardOf(member_id));
    if (!live.has_value() || live->lifecycle.state != CardState::kRequested) {
      RETURN_IF_ERROR(
          refuse(member_id,
                 live.has_value()
                     ? absl::StrCat("already has live card ", live->id, " (",
                                    CardStateName(live->lifecycle.state), ")")
                     : "already has a live card"));
      continue;
    }
    ASSIGN_OR_RETURN(int64_t placed,
                     batches_->AddCard(batch.id, member_id, live->id));
    if (placed != batch.id) {
      RETURN_IF_ERROR(refuse(
          member_id,
          absl::StrCat("card ", live->id, " is already in batch ", placed)));
    }
  }
  return batches_->AddCards(batch.id, fresh);
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

absl::StatusOr<std::vector<IssuanceBatchRecord>> IssuanceBatches::List(
    const auth::Principal& caller, const std::string& org_id, int64_t before_id,
    int limit) {
  ASSIGN_OR_RETURN(member::v1::OrgUnit unit,
                   ReadableUnit(*members_, access_, caller, org_id));
  ASSIGN_OR_RETURN(std::vector<IssuanceBatchRecord> listed,
                   batches_->List(unit.path(), before_id, limit));
  std::vector<IssuanceBatchRecord> batches;
  batches.reserve(listed.size());
  for (const IssuanceBatchRecord& row : listed) {
    ASSIGN_OR_RETURN(IssuanceBatchRecord batch,
                     batches_->Get(row.id, /*with_items=*/true));
    batches.push_back(std::move(batch));
  }
  return batches;
}

}  // namespace unioncard::card
