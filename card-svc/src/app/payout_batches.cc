#include "card-svc/src/app/payout_batches.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/db/idempotency.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::card {
namespace {

// "pay-<16 hex>-<line>": unique per item, the bank's idempotency key.
std::string KeyPrefix() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return absl::StrFormat("pay-%016x-", random());
}

// Every line at fault, not just the first: the clerk fixes the file once.
absl::Status CheckPayeesOf(const auth::Principal& caller,
                           const std::vector<PayoutItem>& items,
                           const std::vector<PayeeCard>& payees) {
  std::vector<std::string> not_payable, outside;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at =
        absl::StrCat("items[", i, "]: member ", items[i].member_id);
    if (payees[i].card_id == 0) {
      not_payable.push_back(absl::StrCat(at, " has no live card"));
      continue;
    }
    if (absl::Status payable = CheckPayableCard(payees[i].state);
        !payable.ok()) {
      not_payable.push_back(absl::StrCat(at, ": ", payable.message()));
    }
    if (!caller.Covers(payees[i].org_path)) {
      outside.push_back(absl::StrCat(at, " is in ", payees[i].org_path));
    }
  }
  if (!outside.empty()) {
    return absl::PermissionDeniedError(
        absl::StrCat("outside your unit ", caller.org_path, ": ",
                     absl::StrJoin(outside, "; ")));
  }
  if (!not_payable.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("nothing was created; fix these items: ",
                     absl::StrJoin(not_payable, "; ")));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
PayoutBatches::Programmes(const auth::Principal& caller) const {
  RETURN_IF_ERROR(access_.CheckRead(caller, caller.org_path));
  return payouts_->Programmes();
}

absl::StatusOr<PayoutBatchRecord> PayoutBatches::Create(
    const auth::Principal& caller, const std::string& request_id,
    const std::string& programme_id, const std::string& title,
    std::vector<PayoutItem> items) const {
  RETURN_IF_ERROR(access_.CheckPayoutMaker(caller));
  status::FieldErrors errors;
  if (programme_id.empty()) errors.Add("programme_id", "is required");
  if (title.empty()) {
    errors.Add("title", "is required");
  } else if (absl::Status s = text::CheckText(title, 200); !s.ok()) {
    errors.Merge("title", s);
  }
  if (items.size() > static_cast<size_t>(limits_.max_items)) {
    errors.Add("items", absl::StrCat("at most ", limits_.max_items,
                                     " items per batch; split it"));
  }
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string prefix = KeyPrefix();
  for (size_t i = 0; i < items.size(); ++i) {
    items[i].idempotency_key = absl::StrCat(prefix, i + 1);
  }
  RETURN_IF_ERROR(ValidatePayoutItems(items, limits_.max_item_fen));
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  return payouts_->Create(caller, id, programme_id, title, items,
                          [&](const std::vector<PayeeCard>& payees) {
                            return CheckPayeesOf(caller, items, payees);
                          });
}

absl::StatusOr<PayoutBatchRecord> PayoutBatches::Decide(
    const auth::Principal& caller, int64_t batch_id, bool approve,
    const std::string& note) const {
  ASSIGN_OR_RETURN(
      PayoutBatchRecord batch,
      payouts_->Decide(
          caller, batch_id, approve, note,
          [&](const PayoutBatchRecord& current) -> absl::Status {
            RETURN_IF_ERROR(
                access_.CheckPayoutChecker(caller, current.org_path));
            RETURN_IF_ERROR(CheckApprover(current.created_by, caller.subject));
            if (current.state != PayoutBatchState::kAwaitingApproval) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "payout batch ", batch_id, " was already ",
                  current.state == PayoutBatchState::kApproved ? "approved"
                                                               : "declined",
                  " by ", current.decided_by));
            }
            return absl::OkStatus();
          }));
  if (approve && approved_) approved_();
  return batch;
}

absl::StatusOr<PayoutBatchRecord> PayoutBatches::Get(
    const auth::Principal& caller, int64_t batch_id) const {
  ASSIGN_OR_RETURN(PayoutBatchRecord batch, payouts_->Get(batch_id));
  RETURN_IF_ERROR(access_.CheckRead(caller, batch.org_path));
  return batch;
}

absl::StatusOr<std::vector<MemberPayoutRecord>> PayoutBatches::OfMember(
    const auth::Principal& caller, int64_t member_id, int64_t before_id,
    int limit) const {
  // Members ask for themselves; staff roles must read cards at all before
  // anything is looked up.
  RETURN_IF_ERROR(access_.CheckRead(caller, caller.org_path, member_id));
  ASSIGN_OR_RETURN(std::vector<MemberPayoutRecord> payouts,
                   payouts_->OfMember(member_id, before_id, limit));
  payouts.erase(std::remove_if(payouts.begin(), payouts.end(),
                               [&](const MemberPayoutRecord& p) {
                                 return !access_
                                             .CheckRead(
                                                 caller,
                                                 CardOrgPath(p.card_county_id,
                                                             p.card_org_id),
                                                 member_id)
                                             .ok();
                               }),
                payouts.end());
  return payouts;
}

absl::StatusOr<Reconciliation> PayoutBatches::Reconcile(
    const auth::Principal& caller, absl::CivilDay day) const {
  RETURN_IF_ERROR(access_.CheckReconcile(caller));
  return reconciler_->Reconcile(day);
}

}  // namespace unioncard::card
