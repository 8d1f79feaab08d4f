#include "card-svc/src/api/card_service.h"

#include "absl/strings/str_cat.h"
#include "card-svc/src/api/card_proto_mapping.h"
#include "card-svc/src/app/card_api_codecs.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"

namespace unioncard::card {
namespace {

absl::Status RequireId(int64_t id, const char* field, const char* what) {
  if (id <= 0) {
    return status::InvalidField(field,
                                absl::StrCat("must be a ", what, " id (> 0)"));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status CardService::RequestCard(grpc::ServerContext* context,
                                      const v1::RequestCardRequest* request,
                                      v1::Card* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->member_id(), "member_id", "member"));
        ASSIGN_OR_RETURN(CardRecord card,
                         d_.changes->Request(caller, request->request_id(),
                                             request->member_id()));
        ToProto(card, response);
        return absl::OkStatus();
      });
}

grpc::Status CardService::GetCard(grpc::ServerContext* context,
                                  const v1::GetCardRequest* request,
                                  v1::Card* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->id(), "id", "card"));
        ASSIGN_OR_RETURN(CardRecord card, d_.reads->Get(caller, request->id()));
        ToProto(card, response);
        return absl::OkStatus();
      });
}

grpc::Status CardService::ListCards(grpc::ServerContext* context,
                                    const v1::ListCardsRequest* request,
                                    v1::ListCardsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 50, 500));
        CardListFilter filter;
        if (request->state() != v1::CARD_STATE_UNSPECIFIED) {
          filter.state = kCardStateApi.Decode(request->state());
          if (!filter.state) {
            return status::InvalidField("state", "is not a card state");
          }
        }
        ASSIGN_OR_RETURN(std::vector<CardRecord> cards,
                         d_.reads->List(caller, request->org_id(), filter,
                                        page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            cards, page, [](const CardRecord& c) { return c.id; }));
        for (const CardRecord& card : cards)
          ToProto(card, response->add_cards());
        return absl::OkStatus();
      });
}

grpc::Status CardService::GetMemberCards(
    grpc::ServerContext* context, const v1::GetMemberCardsRequest* request,
    v1::MemberCards* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->member_id(), "member_id", "member"));
        ASSIGN_OR_RETURN(std::vector<CardWithHistory> cards,
                         d_.reads->MemberCards(caller, request->member_id()));
        response->set_member_id(request->member_id());
        for (const CardWithHistory& card : cards) {
          if (IsLive(card.card.lifecycle.state)) {
            response->set_live_card_id(card.card.id);
          }
          v1::MemberCard* out = response->add_cards();
          ToProto(card.card, out->mutable_card());
          for (const CardChangeRecord& change : card.history) {
            ToProto(change, out->add_history());
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status CardService::ChangeCard(grpc::ServerContext* context,
                                     const RequestedChange& request,
                                     CardEvent event, v1::Card* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request.card_id, "card_id", "card"));
        if ((event == CardEvent::kFreeze || event == CardEvent::kCancel) &&
            request.reason.empty()) {
          return status::InvalidField(
              "reason", "is required: say why the card is stopped");
        }
        if (absl::Status s = text::CheckText(request.reason, 200); !s.ok()) {
          return status::InvalidField("reason", std::string(s.message()));
        }
        ASSIGN_OR_RETURN(
            CardRecord changed,
            d_.changes->Change(caller, request.request_id, request.card_id,
                               event, request.reason));
        ToProto(changed, response);
        return absl::OkStatus();
      });
}

grpc::Status CardService::FreezeCard(grpc::ServerContext* context,
                                     const v1::FreezeCardRequest* request,
                                     v1::Card* response) {
  return ChangeCard(context, ChangeOf(*request), CardEvent::kFreeze, response);
}

grpc::Status CardService::UnfreezeCard(grpc::ServerContext* context,
                                       const v1::UnfreezeCardRequest* request,
                                       v1::Card* response) {
  return ChangeCard(context, ChangeOf(*request), CardEvent::kUnfreeze,
                    response);
}

grpc::Status CardService::ReportCardLost(
    grpc::ServerContext* context, const v1::ReportCardLostRequest* request,
    v1::Card* response) {
  return ChangeCard(context, ChangeOf(*request), CardEvent::kReportLost,
                    response);
}

grpc::Status CardService::CancelCard(grpc::ServerContext* context,
                                     const v1::CancelCardRequest* request,
                                     v1::Card* response) {
  return ChangeCard(context, ChangeOf(*request), CardEvent::kCancel, response);
}

grpc::Status CardService::OrderReplacement(
    grpc::ServerContext* context, const v1::OrderReplacementRequest* request,
    v1::Card* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(
            RequireId(request->lost_card_id(), "lost_card_id", "card"));
        ASSIGN_OR_RETURN(CardRecord fresh, d_.changes->OrderReplacement(
                                               caller, request->request_id(),
                                               request->lost_card_id()));
        ToProto(fresh, response);
        return absl::OkStatus();
      });
}

grpc::Status CardService::CreateIssuanceBatch(
    grpc::ServerContext* context, const v1::CreateIssuanceBatchRequest* request,
    v1::IssuanceBatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const std::vector<int64_t> ids(request->member_ids().begin(),
                                       request->member_ids().end());
        absl::StatusOr<IssuanceBatchRecord> batch = d_.batches->Create(
            caller, request->request_id(), request->org_id(), ids);
        // Cards were requested even when the batch failed part-way.
        if (d_.batch_changed) d_.batch_changed();
        RETURN_IF_ERROR(batch.status());
        ToProto(*batch, /*with_items=*/true, response);
        return absl::OkStatus();
      });
}

grpc::Status CardService::GetIssuanceBatch(
    grpc::ServerContext* context, const v1::GetIssuanceBatchRequest* request,
    v1::IssuanceBatch* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(IssuanceBatchRecord batch,
                         d_.batches->Get(caller, request->id()));
        ToProto(batch, /*with_items=*/true, response);
        return absl::OkStatus();
      });
}

grpc::Status CardService::ListIssuanceBatches(
    grpc::ServerContext* context, const v1::ListIssuanceBatchesRequest* request,
    v1::ListIssuanceBatchesResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 20, 100));
        // Newest first: the token holds the last id, the next page goes
        // below it.
        ASSIGN_OR_RETURN(std::vector<IssuanceBatchRecord> batches,
                         d_.batches->List(caller, request->org_id(), page.after,
                                          page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            batches, page, [](const IssuanceBatchRecord& b) { return b.id; }));
        for (const IssuanceBatchRecord& batch : batches) {
          // The items were read for the counts; they are not sent.
          ToProto(batch, /*with_items=*/false, response->add_batches());
        }
        return absl::OkStatus();
      });
}

grpc::Status CardService::GetCardStatistics(
    grpc::ServerContext* context, const v1::GetCardStatisticsRequest* request,
    v1::CardStatistics* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(absl::CivilDay from,
                         rpc::ParseDayField(request->from_date(), "from_date"));
        ASSIGN_OR_RETURN(absl::CivilDay to,
                         rpc::ParseDayField(request->to_date(), "to_date"));
        if (to < from) {
          return status::InvalidField("to_date",
                                      "must not be before from_date");
        }
        ASSIGN_OR_RETURN(auto by_county,
                         d_.reads->Statistics(caller, from, to));
        for (const auto& [county, figures] : by_county) {
          v1::CountyCardStatistics* out = response->add_counties();
          out->set_county_id(county);
          out->set_first_cards_issued(figures.first_cards_issued);
          out->set_activated(figures.activated);
          out->set_live(figures.live);
        }
        return absl::OkStatus();
      });
}

grpc::Status CardService::CheckInsuranceCoverage(
    grpc::ServerContext* context,
    const v1::CheckInsuranceCoverageRequest* request,
    v1::InsuranceCoverage* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->member_id(), "member_id", "member"));
        std::optional<absl::CivilDay> day;
        if (!request->date().empty()) {
          ASSIGN_OR_RETURN(day, rpc::ParseDayField(request->date(), "date"));
        }
        ASSIGN_OR_RETURN(MemberCoverage coverage,
                         d_.reads->Coverage(caller, request->member_id(), day));
        response->set_member_id(request->member_id());
        response->set_date(absl::FormatCivilTime(coverage.day));
        response->set_covered(coverage.covered);
        for (const CoverageSpan& span : coverage.spans) {
          v1::InsuranceCoverage::Span* out = response->add_spans();
          out->set_from_date(absl::FormatCivilTime(span.from));
          if (span.through) {
            out->set_through_date(absl::FormatCivilTime(*span.through));
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status CardService::GetInsuranceRoster(
    grpc::ServerContext* context, const v1::GetInsuranceRosterRequest* request,
    v1::InsuranceRoster* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(absl::CivilMonth month,
                         rpc::ParseMonthField(request->month(), "month"));
        ASSIGN_OR_RETURN(StoredRoster roster, d_.reads->Roster(caller, month));
        response->set_month(request->month());
        for (int64_t id : roster.additions) response->add_additions(id);
        for (int64_t id : roster.removals) response->add_removals(id);
        response->set_insured(roster.insured);
        return absl::OkStatus();
      });
}

grpc::Status CardService::ListCardTransactions(
    grpc::ServerContext* context,
    const v1::ListCardTransactionsRequest* request,
    v1::ListCardTransactionsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 100, 1000));
        TransactionFilter filter;
        filter.member_id = request->member_id();
        filter.bank_merchant_id = request->bank_merchant_id();
        if (!request->from_date().empty()) {
          ASSIGN_OR_RETURN(
              absl::CivilDay from,
              rpc::ParseDayField(request->from_date(), "from_date"));
          filter.from = absl::FromCivil(from, rpc::ChinaTime());
        }
        if (!request->to_date().empty()) {
          ASSIGN_OR_RETURN(absl::CivilDay to,
                           rpc::ParseDayField(request->to_date(), "to_date"));
          filter.to = absl::FromCivil(to + 1, rpc::ChinaTime());
        }
        ASSIGN_OR_RETURN(
            std::vector<StoredTransaction> found,
            d_.reads->Transactions(caller, request->org_id(), filter,
                                   page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            found, page, [](const StoredTransaction& t) { return t.id; }));
        for (const StoredTransaction& t : found) {
          v1::CardTransactionView* out = response->add_transactions();
          out->set_id(t.id);
          out->set_card_id(t.card_id);
          out->set_member_id(t.member_id);
          out->set_county_id(t.county_id);
          out->set_org_id(t.org_id);
          v1::CardTransactionRecord* record = out->mutable_transaction();
          record->set_bank_transaction_id(t.bank.bank_transaction_id);
          record->set_bank_merchant_id(t.bank.bank_merchant_id);
          record->set_amount_fen(t.bank.amount_fen);
          rpc::SetTimestamp(t.bank.at, record->mutable_time());
        }
        return absl::OkStatus();
      });
}

grpc::Status CardService::ListDormantCards(
    grpc::ServerContext* context, const v1::ListDormantCardsRequest* request,
    v1::ListDormantCardsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (request->kind() != v1::DORMANT_KIND_ISSUED_NOT_ACTIVATED &&
            request->kind() != v1::DORMANT_KIND_ACTIVATED_NEVER_USED) {
          return status::InvalidField(
              "kind",
              "must be DORMANT_KIND_ISSUED_NOT_ACTIVATED or "
              "DORMANT_KIND_ACTIVATED_NEVER_USED");
        }
        if (request->days() < 0 || request->days() > 3650) {
          return status::InvalidField("days", "must be 0 to 3650");
        }
        const int days = request->days() == 0 ? 30 : request->days();
        ASSIGN_OR_RETURN(
            std::vector<DormantUnionCards> unions,
            d_.reads->Dormant(
                caller, request->org_id(),
                request->kind() == v1::DORMANT_KIND_ACTIVATED_NEVER_USED,
                days));
        for (const DormantUnionCards& u : unions) {
          v1::DormantUnion* out = response->add_unions();
          out->set_county_id(u.county_id);
          out->set_org_id(u.org_id);
          out->set_cards(u.cards);
          for (int64_t m : u.member_ids) out->add_member_ids(m);
          response->set_total(response->total() + u.cards);
        }
        return absl::OkStatus();
      });
}

grpc::Status CardService::WatchEvents(
    grpc::ServerContext* context, const v1::WatchEventsRequest* request,
    grpc::ServerWriter<v1::CardEvent>* writer) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(d_.reads->CheckFeedReader(caller));
        return d_.feed->ServeMessages(*context, request->after_sequence(),
                                      writer);
      });
}

}  // namespace unioncard::card
