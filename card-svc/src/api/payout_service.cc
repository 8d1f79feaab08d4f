#include "card-svc/src/api/payout_service.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/idempotency.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
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

void ToProto(const PayoutBatchRecord& b, v1::PayoutBatch* out) {
  out->set_id(b.id);
  out->set_programme_id(b.programme_id);
  out->set_title(b.title);
  out->set_state(static_cast<v1::PayoutBatchState>(b.state));
  out->set_created_by(b.created_by);
  rpc::SetTimestamp(b.created_at, out->mutable_create_time());
  out->set_approved_by(b.decided_by);
  if (b.decided_at)
    rpc::SetTimestamp(*b.decided_at, out->mutable_approve_time());
  out->set_item_count(static_cast<int32_t>(b.items.size()));
  for (const PayoutItemRecord& i : b.items) {
    out->set_total_fen(out->total_fen() + i.amount_fen);
    if (i.state == PayoutItemState::kPaid) {
      out->set_paid(out->paid() + 1);
      out->set_paid_fen(out->paid_fen() + i.amount_fen);
    } else if (i.state == PayoutItemState::kFailed) {
      out->set_failed(out->failed() + 1);
    } else if (i.state == PayoutItemState::kQueued ||
               i.state == PayoutItemState::kAtBank) {
      out->set_outstanding(out->outstanding() + 1);
    }
    v1::PayoutItem* item = out->add_items();
    item->set_line(i.line);
    item->set_member_id(i.member_id);
    item->set_card_id(i.card_id);
    item->set_amount_fen(i.amount_fen);
    item->set_reason(i.reason);
    item->set_idempotency_key(i.idempotency_key);
    item->set_state(static_cast<v1::PayoutItemState>(i.state));
    item->set_bank_reference(i.bank_reference);
    item->set_result(i.result);
    if (i.result_at)
      rpc::SetTimestamp(*i.result_at, item->mutable_result_time());
  }
}

v1::ReconciliationDifference::Kind KindOf(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::kMissingAtBank:
      return v1::ReconciliationDifference::MISSING_AT_BANK;
    case DifferenceKind::kUnknownAtBank:
      return v1::ReconciliationDifference::UNKNOWN_AT_BANK;
    case DifferenceKind::kAmountMismatch:
      return v1::ReconciliationDifference::AMOUNT_MISMATCH;
    case DifferenceKind::kCardMismatch:
      return v1::ReconciliationDifference::CARD_MISMATCH;
    case DifferenceKind::kDuplicateAtBank:
      return v1::ReconciliationDifference::DUPLICATE_AT_BANK;
  }
  return v1::ReconciliationDifference::KIND_UNSPECIFIED;
}

}  // namespace

grpc::Status PayoutService::ListPayoutProgrammes(
    grpc::ServerContext* context, const v1::ListPayoutProgrammesRequest*,
    v1::ListPayoutProgrammesResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(d_.access.CheckRead(caller, caller.org_path));
        ASSIGN_OR_RETURN(auto programmes, d_.payouts->Programmes());
        for (const auto& [id, name] : programmes) {
          v1::PayoutProgramme* p = response->add_programmes();
          p->set_id(id);
          p->set_name(name);
        }
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::CreatePayoutBatch(
    grpc::ServerContext* context, const v1::CreatePayoutBatchRequest* request,
    v1::PayoutBatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(d_.access.CheckPayoutMaker(caller));
        status::FieldErrors errors;
        if (request->programme_id().empty()) {
          errors.Add("programme_id", "is required");
        }
        if (request->title().empty()) {
          errors.Add("title", "is required");
        } else if (absl::Status s = text::CheckText(request->title(), 200);
                   !s.ok()) {
          errors.Merge("title", s);
        }
        if (request->items_size() > d_.max_items) {
          errors.Add("items", absl::StrCat("at most ", d_.max_items,
                                           " items per batch; split it"));
        }
        RETURN_IF_ERROR(errors.ToStatus());
        const std::string prefix = KeyPrefix();
        std::vector<PayoutItem> items;
        for (int i = 0; i < request->items_size(); ++i) {
          const v1::PayoutLine& line = request->items(i);
          items.push_back({absl::StrCat(prefix, i + 1), line.member_id(),
                           line.amount_fen(), line.reason()});
        }
        RETURN_IF_ERROR(ValidatePayoutItems(items, d_.max_item_fen));
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(PayoutBatchRecord batch,
                         d_.payouts->Create(caller, id, request->programme_id(),
                                            request->title(), items));
        ToProto(batch, response);
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::Decide(grpc::ServerContext* context,
                                   int64_t batch_id, const std::string& note,
                                   bool approve, v1::PayoutBatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (batch_id <= 0) {
          return status::InvalidField("batch_id", "must be a batch id (> 0)");
        }
        if (!approve && note.empty()) {
          return status::InvalidField("note",
                                      "is required: say why it is declined");
        }
        ASSIGN_OR_RETURN(PayoutBatchRecord current, d_.payouts->Get(batch_id));
        RETURN_IF_ERROR(d_.access.CheckPayoutChecker(caller, current.org_path));
        ASSIGN_OR_RETURN(PayoutBatchRecord batch,
                         d_.payouts->Decide(caller, batch_id, approve, note));
        if (approve && d_.on_approved) d_.on_approved();
        ToProto(batch, response);
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::ApprovePayoutBatch(
    grpc::ServerContext* context, const v1::ApprovePayoutBatchRequest* request,
    v1::PayoutBatch* response) {
  return Decide(context, request->batch_id(), request->note(),
                /*approve=*/true, response);
}

grpc::Status PayoutService::DeclinePayoutBatch(
    grpc::ServerContext* context, const v1::DeclinePayoutBatchRequest* request,
    v1::PayoutBatch* response) {
  return Decide(context, request->batch_id(), request->note(),
                /*approve=*/false, response);
}

grpc::Status PayoutService::GetPayoutBatch(
    grpc::ServerContext* context, const v1::GetPayoutBatchRequest* request,
    v1::PayoutBatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (request->batch_id() <= 0) {
          return status::InvalidField("batch_id", "must be a batch id (> 0)");
        }
        ASSIGN_OR_RETURN(PayoutBatchRecord batch,
                         d_.payouts->Get(request->batch_id()));
        RETURN_IF_ERROR(d_.access.CheckRead(caller, batch.org_path));
        ToProto(batch, response);
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::ListMemberPayouts(
    grpc::ServerContext* context, const v1::ListMemberPayoutsRequest* request,
    v1::ListMemberPayoutsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (request->member_id() <= 0) {
          return status::InvalidField("member_id", "must be a member id (> 0)");
        }
        // Members ask for themselves; staff roles must read cards at all
        // before anything is looked up.
        RETURN_IF_ERROR(
            d_.access.CheckRead(caller, caller.org_path, request->member_id()));
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 50, 200));
        ASSIGN_OR_RETURN(std::vector<MemberPayoutRecord> payouts,
                         d_.payouts->OfMember(request->member_id(), page.after,
                                              page.size + 1));
        // Staff see the payouts to cards in their scope only; the page
        // token is made after that, so it tells nothing of the others.
        payouts.erase(std::remove_if(
                          payouts.begin(), payouts.end(),
                          [&](const MemberPayoutRecord& p) {
                            return !d_.access
                                        .CheckRead(caller,
                                                   CardOrgPath(p.card_county_id,
                                                               p.card_org_id),
                                                   request->member_id())
                                        .ok();
                          }),
                      payouts.end());
        response->set_next_page_token(rpc::TrimToPage(
            payouts, page,
            [](const MemberPayoutRecord& p) { return p.item.id; }));
        for (const MemberPayoutRecord& p : payouts) {
          v1::MemberPayout* out = response->add_payouts();
          out->set_batch_id(p.batch_id);
          out->set_programme_id(p.programme_id);
          out->set_programme_name(p.programme_name);
          out->set_title(p.title);
          out->set_amount_fen(p.item.amount_fen);
          out->set_reason(p.item.reason);
          out->set_state(static_cast<v1::PayoutItemState>(p.item.state));
          out->set_result(p.item.result);
          rpc::SetTimestamp(p.created_at, out->mutable_create_time());
          if (p.item.result_at) {
            rpc::SetTimestamp(*p.item.result_at, out->mutable_result_time());
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::ReconcileDay(grpc::ServerContext* context,
                                         const v1::ReconcileDayRequest* request,
                                         v1::DayReconciliation* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(d_.access.CheckReconcile(caller));
        ASSIGN_OR_RETURN(absl::CivilDay day,
                         rpc::ParseDayField(request->date(), "date"));
        ASSIGN_OR_RETURN(Reconciliation r, d_.reconciler->Reconcile(day));
        response->set_date(absl::FormatCivilTime(day));
        response->set_ledger_total_fen(r.ledger_total_fen);
        response->set_bank_total_fen(r.bank_total_fen);
        response->set_matched(r.matched);
        for (const Difference& d : r.differences) {
          v1::ReconciliationDifference* out = response->add_differences();
          out->set_kind(KindOf(d.kind));
          out->set_idempotency_key(d.idempotency_key);
          out->set_ledger_fen(d.ledger_fen);
          out->set_bank_fen(d.bank_fen);
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::card
