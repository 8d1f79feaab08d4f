#include "tools/unionctl/card_commands.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/grpc/enum_label.h"
#include "common/grpc/status_bridge.h"
#include "common/import/payout_file.h"
#include "common/status/macros.h"

namespace unioncard::unionctl {
namespace {

using card::v1::CardState_Name;

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(t.seconds()),
                          rpc::ChinaTime());
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// FNV-1a: a hash that is the same on every machine and every run.
uint64_t StableHash(absl::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char ch : bytes) {
    h ^= ch;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace

std::unique_ptr<grpc::ClientContext> CardCommands::Context() const {
  auto context = rpc::OutboundContext(absl::Minutes(5));
  rpc::SetBearerToken(*context, token_);
  return context;
}

absl::StatusOr<std::string> CardCommands::CreateBatch(
    const std::string& org_id, const std::vector<int64_t>& members,
    const std::string& request_id) {
  card::v1::CreateIssuanceBatchRequest request;
  request.set_org_id(org_id);
  request.set_request_id(request_id);
  for (int64_t id : members) request.add_member_ids(id);
  card::v1::IssuanceBatch batch;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      cards_->CreateIssuanceBatch(context.get(), request, &batch)));
  std::string out = absl::StrFormat(
      "issuance batch %d for %s: %d members, %d cards requested, %d without "
      "a card\n",
      batch.id(), batch.org_id(), batch.members(),
      batch.members() - batch.without_card(), batch.without_card());
  for (const auto& item : batch.items()) {
    if (item.card_id() == 0) {
      absl::StrAppendFormat(&out, "  member %d: %s\n", item.member_id(),
                            item.problem());
    }
  }
  absl::StrAppend(&out, "follow it with: unionctl cards batch show ",
                  batch.id(), "\n");
  return out;
}

absl::StatusOr<std::string> CardCommands::ShowBatch(int64_t batch_id) {
  card::v1::GetIssuanceBatchRequest request;
  request.set_id(batch_id);
  card::v1::IssuanceBatch b;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      cards_->GetIssuanceBatch(context.get(), request, &b)));
  std::string out = absl::StrFormat(
      "issuance batch %d  union %s  %s  sent %s (attempts %d)%s\n"
      "  members %d: waiting %d, issued %d (activated %d), rejected %d, "
      "without card %d\n",
      b.id(), b.org_id(), rpc::EnumLabel(b.state()), Time(b.send_time()),
      b.send_attempts(),
      b.last_send_error().empty()
          ? ""
          : absl::StrCat("  last error: ", b.last_send_error()),
      b.members(), b.waiting(), b.issued(), b.activated(), b.rejected(),
      b.without_card());
  for (const auto& item : b.items()) {
    absl::StrAppendFormat(
        &out, "  member %-8d card %-8s %-10s %s\n", item.member_id(),
        item.card_id() == 0 ? "-" : std::to_string(item.card_id()),
        item.card_id() == 0 ? "-" : rpc::EnumLabel(item.state()),
        item.problem());
  }
  return out;
}

absl::StatusOr<std::string> CardCommands::ShowMemberCards(int64_t member_id) {
  card::v1::GetMemberCardsRequest request;
  request.set_member_id(member_id);
  card::v1::MemberCards cards;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      cards_->GetMemberCards(context.get(), request, &cards)));
  std::string out = absl::StrFormat(
      "member %d: %d card(s); live card %s\n", member_id, cards.cards_size(),
      cards.live_card_id() == 0 ? "none"
                                : std::to_string(cards.live_card_id()));
  for (const auto& mc : cards.cards()) {
    const auto& c = mc.card();
    absl::StrAppendFormat(
        &out, "  card %d  %s  ****%s  expires %s  union %s  issued %s%s\n",
        c.id(), rpc::EnumLabel(c.state()),
        c.last4().empty() ? "----" : c.last4(),
        c.expiry().empty() ? "-" : c.expiry(), c.org_id(), Time(c.issue_time()),
        c.replaces_card_id() != 0
            ? absl::StrCat("  replaces ", c.replaces_card_id())
            : "");
    for (const auto& h : mc.history()) {
      absl::StrAppendFormat(&out, "    %s  %s → %s  %s\n", Time(h.time()),
                            h.from_state() == card::v1::CARD_STATE_UNSPECIFIED
                                ? "(new)"
                                : rpc::EnumLabel(h.from_state()),
                            rpc::EnumLabel(h.to_state()), h.reason());
    }
  }
  return out;
}

absl::StatusOr<std::string> CardCommands::CreatePayouts(
    const std::string& path, const std::string& programme_id,
    const std::string& title) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  ASSIGN_OR_RETURN(import::PayoutFile file,
                   import::ReadPayoutFile(std::move(bytes), path));
  // Hashed below as UTF-8, as before the reader moved to common/import,
  // so a rerun of an old timed-out command finds its first batch.
  const std::string& text = file.utf8;
  card::v1::CreatePayoutBatchRequest request;
  request.set_programme_id(programme_id);
  request.set_title(title);
  for (import::PayoutFileLine& line : file.lines) {
    card::v1::PayoutLine* item = request.add_items();
    item->set_member_id(line.member_id);
    item->set_amount_fen(line.amount_fen);
    item->set_reason(std::move(line.reason));
  }
  // Same file, same programme and title: the same request, so a rerun
  // after a timeout creates nothing new.
  request.set_request_id(absl::StrFormat(
      "payouts-%016x",
      StableHash(absl::StrCat(programme_id, "\n", title, "\n", text))));
  card::v1::PayoutBatch batch;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      payouts_->CreatePayoutBatch(context.get(), request, &batch)));
  return absl::StrFormat(
      "payout batch %d (%s, %s): %d items, %s yuan, awaiting approval by "
      "someone other than %s\nthe checker runs: unionctl payouts approve %d\n",
      batch.id(), batch.programme_id(), batch.title(), batch.item_count(),
      Yuan(batch.total_fen()), batch.created_by(), batch.id());
}

absl::StatusOr<std::string> CardCommands::DecidePayouts(
    int64_t batch_id, bool approve, const std::string& note) {
  card::v1::PayoutBatch batch;
  auto context = Context();
  if (approve) {
    card::v1::ApprovePayoutBatchRequest request;
    request.set_batch_id(batch_id);
    request.set_note(note);
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        payouts_->ApprovePayoutBatch(context.get(), request, &batch)));
  } else {
    card::v1::DeclinePayoutBatchRequest request;
    request.set_batch_id(batch_id);
    request.set_note(note);
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        payouts_->DeclinePayoutBatch(context.get(), request, &batch)));
  }
  return absl::StrFormat("payout batch %d %s by %s: %d items, %s yuan\n",
                         batch.id(), approve ? "approved" : "declined",
                         batch.approved_by(), batch.item_count(),
                         Yuan(batch.total_fen()));
}

absl::StatusOr<std::string> CardCommands::ShowPayouts(int64_t batch_id) {
  card::v1::GetPayoutBatchRequest request;
  request.set_batch_id(batch_id);
  card::v1::PayoutBatch b;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      payouts_->GetPayoutBatch(context.get(), request, &b)));
  std::string out = absl::StrFormat(
      "payout batch %d  %s  %s  %s\n  %d items, %s yuan: paid %d (%s yuan), "
      "failed %d, outstanding %d\n",
      b.id(), b.programme_id(), b.title(), rpc::EnumLabel(b.state()),
      b.item_count(), Yuan(b.total_fen()), b.paid(), Yuan(b.paid_fen()),
      b.failed(), b.outstanding());
  for (const auto& i : b.items()) {
    absl::StrAppendFormat(&out, "  %4d  member %-8d %10s  %-16s %s\n", i.line(),
                          i.member_id(), Yuan(i.amount_fen()),
                          rpc::EnumLabel(i.state()),
                          i.result().empty() ? i.bank_reference() : i.result());
  }
  return out;
}

absl::StatusOr<std::string> CardCommands::Reconcile(const std::string& date,
                                                    int* differences) {
  card::v1::ReconcileDayRequest request;
  request.set_date(date);
  card::v1::DayReconciliation r;
  auto context = Context();
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(payouts_->ReconcileDay(context.get(), request, &r)));
  *differences = r.differences_size();
  std::string out = absl::StrFormat(
      "%s: ledger %s yuan, bank statement %s yuan, %d matched, %d "
      "difference(s)\n",
      r.date(), Yuan(r.ledger_total_fen()), Yuan(r.bank_total_fen()),
      r.matched(), r.differences_size());
  for (const auto& d : r.differences()) {
    absl::StrAppendFormat(&out, "  %-18s %s  ours %s  bank %s\n",
                          rpc::EnumLabel(d.kind()), d.idempotency_key(),
                          Yuan(d.ledger_fen()), Yuan(d.bank_fen()));
  }
  return out;
}

}  // namespace unioncard::unionctl
