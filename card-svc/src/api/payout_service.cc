#include "card-svc/src/api/payout_service.h"

#include "absl/strings/str_cat.h"
#include "card-svc/src/app/card_api_codecs.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

void ToProto(const PayoutBatchRecord& b, v1::PayoutBatch* out) {
  out->set_id(b.id);
  out->set_programme_id(b.programme_id);
  out->set_title(b.title);
  out->set_state(kPayoutBatchStateApi.Encode(b.state));
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
    item->set_state(kPayoutItemStateApi.Encode(i.state));
    item->set_bank_reference(i.bank_reference);
    item->set_result(i.result);
    if (i.result_at)
      rpc::SetTimestamp(*i.result_at, item->mutable_result_time());
  }
}

v1::ReconciliationDifference::Kind KindOf(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::kMissingAtBank:
      return v1::ReconciliationDifference::KIND_MISSING_AT_BANK;
    case DifferenceKind::kUnknownAtBank:
      return v1::ReconciliationDifference::KIND_UNKNOWN_AT_BANK;
    case DifferenceKind::kAmountMismatch:
      return v1::ReconciliationDifference::KIND_AMOUNT_MISMATCH;
    case DifferenceKind::kCardMismatch:
      return v1::ReconciliationDifference::KIND_CARD_MISMATCH;
    case DifferenceKind::kDuplicateAtBank:
      return v1::ReconciliationDifference::KIND_DUPLICATE_AT_BANK;
  }
  return v1::ReconciliationDifference::KIND_UNSPECIFIED;
}

absl::Status RequireBatchId(int64_t id) {
  if (id <= 0) {
    return status::InvalidField("batch_id", "must be a batch id (> 0)");
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status PayoutService::ListPayoutProgrammes(
    grpc::ServerContext* context, const v1::ListPayoutProgrammesRequest*,
    v1::ListPayoutProgrammesResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(auto programmes, batches_->Programmes(caller));
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
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        std::vector<PayoutItem> items;
        items.reserve(request->items_size());
        for (const v1::PayoutLine& line : request->items()) {
          items.push_back(
              {"", line.member_id(), line.amount_fen(), line.reason()});
        }
        ASSIGN_OR_RETURN(PayoutBatchRecord batch,
                         batches_->Create(caller, request->request_id(),
                                          request->programme_id(),
                                          request->title(), std::move(items)));
        ToProto(batch, response);
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::Decide(grpc::ServerContext* context,
                                   int64_t batch_id, const std::string& note,
                                   bool approve, v1::PayoutBatch* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireBatchId(batch_id));
        if (!approve && note.empty()) {
          return status::InvalidField("note",
                                      "is required: say why it is declined");
        }
        ASSIGN_OR_RETURN(PayoutBatchRecord batch,
                         batches_->Decide(caller, batch_id, approve, note));
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
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireBatchId(request->batch_id()));
        ASSIGN_OR_RETURN(PayoutBatchRecord batch,
                         batches_->Get(caller, request->batch_id()));
        ToProto(batch, response);
        return absl::OkStatus();
      });
}

grpc::Status PayoutService::ListMemberPayouts(
    grpc::ServerContext* context, const v1::ListMemberPayoutsRequest* request,
    v1::ListMemberPayoutsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        if (request->member_id() <= 0) {
          return status::InvalidField("member_id", "must be a member id (> 0)");
        }
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 50, 200));
        ASSIGN_OR_RETURN(std::vector<MemberPayoutRecord> payouts,
                         batches_->OfMember(caller, request->member_id(),
                                            page.after, page.size + 1));
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
          out->set_state(kPayoutItemStateApi.Encode(p.item.state));
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
      *context, *verifier_, [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(absl::CivilDay day,
                         rpc::ParseDayField(request->date(), "date"));
        ASSIGN_OR_RETURN(Reconciliation r, batches_->Reconcile(caller, day));
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
