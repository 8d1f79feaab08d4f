#include "card-svc/src/api/card_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "card-svc/src/api/card_proto_mapping.h"
#include "card-svc/src/domain/insurance_coverage.h"
#include "common/db/idempotency.h"
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

std::string PathOf(const CardRecord& card) {
  return CardOrgPath(card.county_id, card.org_id);
}

}  // namespace

void CardService::Changed() {
  d_.feed->NotifyAppended();
  if (d_.card_changed) d_.card_changed();
}

grpc::Status CardService::RequestCard(grpc::ServerContext* context,
                                      const v1::RequestCardRequest* request,
                                      v1::Card* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->member_id(), "member_id", "member"));
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(
            CardRecord card,
            d_.requests->RequestCard(caller, id, request->member_id()));
        Changed();
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
        ASSIGN_OR_RETURN(CardRecord card, d_.cards->Get(request->id()));
        RETURN_IF_ERROR(
            d_.access.CheckRead(caller, PathOf(card), card.member_id));
        ToProto(card, response);
        return absl::OkStatus();
      });
}

absl::StatusOr<CardService::UnitScope> CardService::ReadableScope(
    const auth::Principal& caller, const std::string& org_id) {
  ASSIGN_OR_RETURN(member::v1::OrgUnit unit, ReadableUnit(caller, org_id));
  UnitScope scope;
  if (unit.level() == member::v1::COUNTY) {
    scope.county_id = unit.id();
  } else if (unit.level() == member::v1::GRASSROOTS) {
    scope.county_id = unit.county_id();
    scope.org_id = unit.id();
  }
  return scope;
}

absl::StatusOr<member::v1::OrgUnit> CardService::ReadableUnit(
    const auth::Principal& caller, const std::string& org_id) {
  ASSIGN_OR_RETURN(
      member::v1::OrgUnit unit,
      d_.members->GetOrgUnit(org_id.empty() ? caller.org_id : org_id));
  RETURN_IF_ERROR(d_.access.CheckRead(caller, unit.path()));
  return unit;
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
          filter.state = static_cast<CardState>(request->state());
        }
        ASSIGN_OR_RETURN(UnitScope scope,
                         ReadableScope(caller, request->org_id()));
        filter.county_id = scope.county_id;
        filter.org_id = scope.org_id;
        ASSIGN_OR_RETURN(std::vector<CardRecord> cards,
                         d_.queries->List(filter, page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            cards, page, [](const CardRecord& c) { return c.id; }));
        for (const CardRecord& card : cards)
          ToProto(card, response->add_cards());
        return absl::OkStatus();
      });
}

absl::Status CardService::CheckMemberReadable(
    const auth::Principal& caller, int64_t member_id,
    const std::vector<CardRecord>& cards) {
  if (!cards.empty()) {
    return d_.access.CheckRead(caller, PathOf(cards.back()), member_id);
  }
  ASSIGN_OR_RETURN(member::v1::Member member, d_.members->GetMember(member_id));
  return d_.access.CheckRead(
      caller, CardOrgPath(member.county_id(), member.org_id()), member_id);
}

grpc::Status CardService::GetMemberCards(
    grpc::ServerContext* context, const v1::GetMemberCardsRequest* request,
    v1::MemberCards* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->member_id(), "member_id", "member"));
        ASSIGN_OR_RETURN(std::vector<CardRecord> cards,
                         d_.cards->CardsOf(request->member_id()));
        RETURN_IF_ERROR(
            CheckMemberReadable(caller, request->member_id(), cards));
        response->set_member_id(request->member_id());
        for (const CardRecord& card : cards) {
          if (IsLive(card.lifecycle.state)) {
            response->set_live_card_id(card.id);
          }
          v1::MemberCard* out = response->add_cards();
          ToProto(card, out->mutable_card());
          ASSIGN_OR_RETURN(std::vector<CardChangeRecord> history,
                           d_.queries->History(card.id));
          for (const CardChangeRecord& change : history) {
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
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request.request_id));
        ASSIGN_OR_RETURN(CardRecord card, d_.cards->Get(request.card_id));
        RETURN_IF_ERROR(event == CardEvent::kReportLost
                            ? d_.access.CheckReportLost(caller, PathOf(card),
                                                        card.member_id)
                            : d_.access.CheckChange(caller, PathOf(card)));
        ASSIGN_OR_RETURN(
            CardRecord changed,
            d_.cards->Apply(caller, id, card.id, event, absl::Now(),
                            request.reason, std::nullopt));
        Changed();
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
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(CardRecord lost,
                         d_.cards->Get(request->lost_card_id()));
        RETURN_IF_ERROR(d_.access.CheckChange(caller, PathOf(lost)));
        ASSIGN_OR_RETURN(CardRecord fresh,
                         d_.cards->OrderReplacement(caller, id, lost.id));
        Changed();
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
        Changed();  // cards were requested even on failure
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
        ASSIGN_OR_RETURN(member::v1::OrgUnit unit,
                         ReadableUnit(caller, request->org_id()));
        // Newest first: the token holds the last id, the next page goes
        // below it.
        ASSIGN_OR_RETURN(
            std::vector<IssuanceBatchRecord> listed,
            d_.batch_store->List(unit.path(), page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            listed, page, [](const IssuanceBatchRecord& b) { return b.id; }));
        for (const IssuanceBatchRecord& row : listed) {
          // With its items, for the counts; the items are not sent.
          ASSIGN_OR_RETURN(IssuanceBatchRecord batch,
                           d_.batch_store->Get(row.id, true));
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
        RETURN_IF_ERROR(d_.access.CheckStatistics(caller));
        ASSIGN_OR_RETURN(absl::CivilDay from,
                         rpc::ParseDayField(request->from_date(), "from_date"));
        ASSIGN_OR_RETURN(absl::CivilDay to,
                         rpc::ParseDayField(request->to_date(), "to_date"));
        if (to < from) {
          return status::InvalidField("to_date",
                                      "must not be before from_date");
        }
        const absl::Time start = absl::FromCivil(from, rpc::ChinaTime());
        const absl::Time end = absl::FromCivil(to + 1, rpc::ChinaTime());
        ASSIGN_OR_RETURN(auto first, d_.cards->FirstCardsIssued(start, end));
        ASSIGN_OR_RETURN(auto counts, d_.queries->CountsOnDay(to));
        std::map<std::string, v1::CountyCardStatistics> by_county;
        for (const auto& [county, n] : first) {
          by_county[county].set_first_cards_issued(n);
        }
        for (const auto& [county, c] : counts) {
          by_county[county].set_activated(c.activated);
          by_county[county].set_live(c.live);
        }
        for (auto& [county, stats] : by_county) {
          if (!caller.Covers(CardOrgPath(county, ""))) continue;
          stats.set_county_id(county);
          *response->add_counties() = stats;
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
        absl::CivilDay day = rpc::TodayInChina();
        if (!request->date().empty()) {
          ASSIGN_OR_RETURN(day, rpc::ParseDayField(request->date(), "date"));
        }
        ASSIGN_OR_RETURN(std::vector<CardRecord> cards,
                         d_.cards->CardsOf(request->member_id()));
        RETURN_IF_ERROR(
            CheckMemberReadable(caller, request->member_id(), cards));
        ASSIGN_OR_RETURN(std::vector<CardFacts> facts,
                         d_.cards->CardFactsOf(request->member_id()));
        response->set_member_id(request->member_id());
        response->set_date(absl::FormatCivilTime(day));
        response->set_covered(CoveredOn(facts, day));
        for (const CoverageSpan& span : CoverageOf(facts)) {
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
        RETURN_IF_ERROR(d_.access.CheckInsuranceRoster(caller));
        ASSIGN_OR_RETURN(absl::CivilMonth month,
                         rpc::ParseMonthField(request->month(), "month"));
        ASSIGN_OR_RETURN(StoredRoster roster, d_.queries->Roster(month));
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
        ASSIGN_OR_RETURN(UnitScope scope,
                         ReadableScope(caller, request->org_id()));
        filter.county_id = scope.county_id;
        filter.org_id = scope.org_id;
        ASSIGN_OR_RETURN(
            std::vector<StoredTransaction> found,
            d_.transactions->List(filter, page.after, page.size + 1));
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
        if (request->kind() != v1::ISSUED_NOT_ACTIVATED &&
            request->kind() != v1::ACTIVATED_NEVER_USED) {
          return status::InvalidField(
              "kind", "must be ISSUED_NOT_ACTIVATED or ACTIVATED_NEVER_USED");
        }
        if (request->days() < 0 || request->days() > 3650) {
          return status::InvalidField("days", "must be 0 to 3650");
        }
        const int days = request->days() == 0 ? 30 : request->days();
        ASSIGN_OR_RETURN(UnitScope scope,
                         ReadableScope(caller, request->org_id()));
        CardListFilter filter;
        filter.county_id = scope.county_id;
        filter.org_id = scope.org_id;
        ASSIGN_OR_RETURN(
            std::vector<DormantUnionCards> unions,
            d_.queries->Dormant(filter,
                                request->kind() == v1::ACTIVATED_NEVER_USED,
                                absl::Now() - absl::Hours(24) * days, 200));
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
        // The feed spans the whole city: only city-wide readers.
        RETURN_IF_ERROR(d_.access.CheckRead(caller, "/city/"));
        return d_.feed->ServeMessages(*context, request->after_sequence(),
                                      writer);
      });
}

}  // namespace unioncard::card
