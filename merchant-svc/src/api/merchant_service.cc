#include "merchant-svc/src/api/merchant_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/db/idempotency.h"
#include "common/grpc/api_types.h"
#include "common/grpc/authenticated_call.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "merchant-svc/src/api/merchant_codecs.h"

namespace unioncard::merchant {
namespace {

bool ValidCategory(int c) {
  return c >= v1::CATEGORY_CLOTHING && c <= v1::CATEGORY_OTHER;
}

// Text of 1..max characters (or 0..max when optional), naming the field.
void CheckText(status::FieldErrors& errors, const std::string& field,
               const std::string& value, int max, bool required = true) {
  if (required && value.empty()) {
    errors.Add(field, "is required");
  } else if (absl::Status s = text::CheckText(value, max); !s.ok()) {
    errors.Add(field, std::string(s.message()));
  }
}

std::optional<absl::CivilDay> Day(status::FieldErrors& errors,
                                  const std::string& field,
                                  const std::string& value) {
  absl::StatusOr<absl::CivilDay> day = rpc::ParseDayField(value, "");
  if (!day.ok()) {
    errors.Add(field, "must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *day;
}

absl::Status RequireId(int64_t id, const char* field) {
  if (id <= 0) return status::InvalidField(field, "must be an id (> 0)");
  return absl::OkStatus();
}

void ToProto(const MerchantRecord& m, v1::Merchant* out) {
  out->set_id(m.id);
  out->set_owner_org_id(m.owner_org_id);
  out->set_name(m.name);
  out->set_licence_number(m.licence_number);
  out->set_category(static_cast<v1::Category>(m.category));
  for (const auto& l : m.locations) out->add_locations(l);
  out->set_contact(m.contact);
  for (const auto& b : m.bank_merchant_ids) out->add_bank_merchant_ids(b);
  out->set_contract_from(absl::FormatCivilTime(m.contract_from));
  out->set_contract_to(absl::FormatCivilTime(m.contract_to));
  out->set_terms(m.terms);
  out->set_state(kMerchantStateApi.Encode(m.state));
  out->set_standing(kStandingApi.Encode(m.standing));
  rpc::SetTimestamp(m.created_at, out->mutable_create_time());
}

void ToProto(const OfferRecord& o, v1::Offer* out) {
  out->set_id(o.id);
  out->set_merchant_id(o.merchant_id);
  out->set_title(o.title);
  out->set_kind(static_cast<v1::OfferKind>(o.kind));
  out->set_discount_percent(o.discount_percent);
  out->set_price_fen(o.price_fen);
  out->set_category(static_cast<v1::Category>(o.category));
  out->set_valid_from(absl::FormatCivilTime(o.valid_from));
  out->set_valid_to(absl::FormatCivilTime(o.valid_to));
  out->set_conditions(o.conditions);
  out->set_merchant_name(o.merchant_name);
  out->set_withdrawn(o.withdrawn_on.has_value());
  for (const std::string& l : o.merchant_locations) {
    out->add_merchant_locations(l);
  }
  out->set_merchant_rating(o.merchant_rating);
  out->set_merchant_ratings(o.merchant_ratings);
}

void ToProto(const EvaluatedMerchant& row, v1::MerchantEvaluation* out) {
  out->set_merchant_id(row.merchant.id);
  out->set_merchant_name(row.merchant.name);
  out->set_owner_org_id(row.merchant.owner_org_id);
  out->set_standing(kStandingApi.Encode(row.evaluation.standing));
  out->set_ratings(row.evaluation.ratings);
  out->set_mean_stars(row.evaluation.MeanString());
  if (row.evaluation.warning_since) {
    out->set_warning_since(
        absl::FormatCivilTime(*row.evaluation.warning_since));
  }
  out->set_reason(row.evaluation.reason);
  out->set_changed(row.changed);
}

}  // namespace

absl::Status MerchantService::CheckOwner(const std::string& owner,
                                         const char* field) const {
  if (owner == "city" || d_.counties.count(owner) > 0) return absl::OkStatus();
  return status::InvalidField(
      field, absl::StrCat("'", status::Echo(owner),
                          "' is neither \"city\" nor a county-level union"));
}

grpc::Status MerchantService::CreateMerchant(
    grpc::ServerContext* context, const v1::CreateMerchantRequest* request,
    v1::Merchant* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const v1::Merchant& in = request->merchant();
        RETURN_IF_ERROR(CheckOwner(in.owner_org_id(), "merchant.owner_org_id"));
        status::FieldErrors errors;
        CheckText(errors, "merchant.name", in.name(), 200);
        CheckText(errors, "merchant.licence_number", in.licence_number(), 64);
        if (!ValidCategory(in.category())) {
          errors.Add("merchant.category", "must be one of the categories");
        }
        for (int i = 0; i < in.locations_size(); ++i) {
          CheckText(errors, absl::StrCat("merchant.locations[", i, "]"),
                    in.locations(i), 200);
        }
        CheckText(errors, "merchant.contact", in.contact(), 200, false);
        std::set<std::string> bank_ids;
        for (int i = 0; i < in.bank_merchant_ids_size(); ++i) {
          const std::string field =
              absl::StrCat("merchant.bank_merchant_ids[", i, "]");
          CheckText(errors, field, in.bank_merchant_ids(i), 64);
          if (!bank_ids.insert(in.bank_merchant_ids(i)).second) {
            errors.Add(field, "is listed twice");
          }
        }
        auto from = Day(errors, "merchant.contract_from", in.contract_from());
        auto to = Day(errors, "merchant.contract_to", in.contract_to());
        if (from && to && *to < *from) {
          errors.Add("merchant.contract_to", "is before contract_from");
        }
        CheckText(errors, "merchant.terms", in.terms(), 20000, false);
        RETURN_IF_ERROR(errors.ToStatus());
        MerchantRecord m;
        m.owner_org_id = in.owner_org_id();
        m.name = in.name();
        m.licence_number = in.licence_number();
        m.category = in.category();
        m.locations.assign(in.locations().begin(), in.locations().end());
        m.contact = in.contact();
        m.bank_merchant_ids.assign(bank_ids.begin(), bank_ids.end());
        m.contract_from = *from;
        m.contract_to = *to;
        m.terms = in.terms();
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(MerchantRecord created,
                         d_.contracts->Create(caller, id, std::move(m)));
        ToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::GetMerchant(grpc::ServerContext* context,
                                          const v1::GetMerchantRequest* request,
                                          v1::Merchant* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->id(), "id"));
        ASSIGN_OR_RETURN(MerchantRecord m,
                         d_.contracts->Get(caller, request->id()));
        ToProto(m, response);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::ListMerchants(
    grpc::ServerContext* context, const v1::ListMerchantsRequest* request,
    v1::ListMerchantsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 50, 500));
        if (!request->org_id().empty()) {
          RETURN_IF_ERROR(CheckOwner(request->org_id(), "org_id"));
        }
        std::optional<ContractState> state;
        if (request->state() != v1::MERCHANT_STATE_UNSPECIFIED) {
          state = kMerchantStateApi.Decode(request->state());
          if (!state) {
            return status::InvalidField("state", "is not a merchant state");
          }
        }
        ASSIGN_OR_RETURN(std::vector<MerchantRecord> found,
                         d_.contracts->List(caller, request->org_id(), state,
                                            page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            found, page, [](const MerchantRecord& m) { return m.id; }));
        for (const MerchantRecord& m : found) {
          ToProto(m, response->add_merchants());
        }
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::ChangeMerchantState(
    grpc::ServerContext* context, const v1::ChangeMerchantStateRequest* request,
    v1::Merchant* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->merchant_id(), "merchant_id"));
        const std::optional<ContractAction> action =
            kContractActionApi.Decode(request->action());
        if (!action) {
          return status::InvalidField(
              "action",
              "must be CONTRACT_ACTION_ACTIVATE, _SUSPEND, _RESUME or _EXIT");
        }
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(
            MerchantRecord changed,
            d_.contracts->ChangeState(caller, id, request->merchant_id(),
                                      *action, request->reason()));
        ToProto(changed, response);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::CreateOffer(grpc::ServerContext* context,
                                          const v1::CreateOfferRequest* request,
                                          v1::Offer* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const v1::Offer& in = request->offer();
        status::FieldErrors errors;
        if (in.merchant_id() <= 0) {
          errors.Add("offer.merchant_id", "must be an id (> 0)");
        }
        CheckText(errors, "offer.title", in.title(), 200);
        switch (in.kind()) {
          case v1::OFFER_KIND_DISCOUNT:
            if (in.discount_percent() < 1 || in.discount_percent() > 99) {
              errors.Add("offer.discount_percent", "must be 1 to 99");
            }
            break;
          case v1::OFFER_KIND_FIXED_PRICE:
            if (in.price_fen() <= 0) {
              errors.Add("offer.price_fen", "must be more than 0 fen");
            }
            break;
          case v1::OFFER_KIND_FREE:
            break;
          default:
            errors.Add("offer.kind",
                       "must be OFFER_KIND_DISCOUNT, _FIXED_PRICE or _FREE");
        }
        if (!ValidCategory(in.category())) {
          errors.Add("offer.category", "must be one of the categories");
        }
        auto from = Day(errors, "offer.valid_from", in.valid_from());
        auto to = Day(errors, "offer.valid_to", in.valid_to());
        if (from && to && *to < *from) {
          errors.Add("offer.valid_to", "is before valid_from");
        }
        CheckText(errors, "offer.conditions", in.conditions(), 500, false);
        RETURN_IF_ERROR(errors.ToStatus());
        OfferRecord o;
        o.merchant_id = in.merchant_id();
        o.title = in.title();
        o.kind = in.kind();
        o.discount_percent =
            in.kind() == v1::OFFER_KIND_DISCOUNT ? in.discount_percent() : 0;
        o.price_fen =
            in.kind() == v1::OFFER_KIND_FIXED_PRICE ? in.price_fen() : 0;
        o.category = in.category();
        o.valid_from = *from;
        o.valid_to = *to;
        o.conditions = in.conditions();
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(OfferRecord created,
                         d_.catalogue->CreateOffer(caller, id, o));
        ToProto(created, response);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::SearchOffers(
    grpc::ServerContext* context, const v1::SearchOffersRequest* request,
    v1::SearchOffersResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (d_.counties.count(request->county_id()) == 0) {
          return status::InvalidField("county_id",
                                      "must be a county-level union");
        }
        if (request->category() != v1::CATEGORY_UNSPECIFIED &&
            !ValidCategory(request->category())) {
          return status::InvalidField("category", "is not a category");
        }
        std::optional<absl::CivilDay> day;
        if (!request->date().empty()) {
          ASSIGN_OR_RETURN(day, rpc::ParseDayField(request->date(), "date"));
        }
        if (text::DecodeUtf8(request->merchant_name()).size() > 50) {
          return status::InvalidField("merchant_name",
                                      "must be at most 50 characters");
        }
        ASSIGN_OR_RETURN(rpc::IdPage page,
                         rpc::ReadIdPage(request->page_size(),
                                         request->page_token(), 20, 100));
        OfferSearch search;  // its day is the catalogue's to fill
        search.county_id = request->county_id();
        search.category = request->category();
        search.merchant_name_contains =
            std::string(absl::StripAsciiWhitespace(request->merchant_name()));
        ASSIGN_OR_RETURN(std::vector<OfferRecord> offers,
                         d_.catalogue->SearchOffers(caller, search, day,
                                                    page.after, page.size + 1));
        response->set_next_page_token(rpc::TrimToPage(
            offers, page, [](const OfferRecord& o) { return o.id; }));
        for (const OfferRecord& o : offers) ToProto(o, response->add_offers());
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::CreateServiceItem(
    grpc::ServerContext* context, const v1::CreateServiceItemRequest* request,
    v1::ServiceItem* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        const v1::ServiceItem& in = request->item();
        RETURN_IF_ERROR(CheckOwner(in.owner_org_id(), "item.owner_org_id"));
        status::FieldErrors errors;
        if (in.kind() < v1::SERVICE_ITEM_KIND_PUBLIC_SERVICE ||
            in.kind() > v1::SERVICE_ITEM_KIND_TRAINING_AND_JOBS) {
          errors.Add(
              "item.kind",
              "must be SERVICE_ITEM_KIND_PUBLIC_SERVICE, _UNION_FACILITY, "
              "_PAYOUT_PROGRAMME, _INSURANCE, _LEGAL_ADVICE, "
              "_HARDSHIP_ASSISTANCE or _TRAINING_AND_JOBS (merchant "
              "offers are created as offers)");
        }
        CheckText(errors, "item.title", in.title(), 200);
        if (absl::Status s = text::CheckText(in.how_to_use(), 500); !s.ok()) {
          errors.Add("item.how_to_use", std::string(s.message()));
        }
        if (!ValidCategory(in.category())) {
          errors.Add("item.category", "must be one of the categories");
        }
        auto from = Day(errors, "item.active_from", in.active_from());
        std::optional<absl::CivilDay> to;
        if (!in.active_to().empty()) {
          to = Day(errors, "item.active_to", in.active_to());
          if (from && to && *to < *from) {
            errors.Add("item.active_to", "is before active_from");
          }
        }
        RETURN_IF_ERROR(errors.ToStatus());
        ServiceItemRecord item{0,          in.owner_org_id(), in.kind(),
                               in.title(), in.category(),     *from,
                               to,         in.how_to_use()};
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(ServiceItemRecord created,
                         d_.catalogue->CreateServiceItem(caller, id, item));
        *response = in;
        response->set_id(created.id);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::CountServiceItems(
    grpc::ServerContext* context, const v1::CountServiceItemsRequest* request,
    v1::ServiceItemCount* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (d_.counties.count(request->county_id()) == 0) {
          return status::InvalidField("county_id",
                                      "must be a county-level union");
        }
        ASSIGN_OR_RETURN(absl::CivilDay day,
                         rpc::ParseDayField(request->date(), "date"));
        ASSIGN_OR_RETURN(
            ServiceItemCounts counts,
            d_.catalogue->CountServiceItems(caller, request->county_id(), day));
        response->set_county_id(request->county_id());
        response->set_date(absl::FormatCivilTime(day));
        response->set_county_items(counts.county_items);
        response->set_city_items(counts.city_items);
        response->set_merchant_offers(counts.merchant_offers);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::ListServiceItems(
    grpc::ServerContext* context, const v1::ListServiceItemsRequest* request,
    v1::ListServiceItemsResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        std::string county = request->county_id();
        if (county.empty()) county = auth::CountyOf(caller);
        if (d_.counties.count(county) == 0) {
          return status::InvalidField(
              "county_id", request->county_id().empty()
                               ? "is required for a caller of the city"
                               : "must be a county-level union");
        }
        std::optional<absl::CivilDay> day;
        if (!request->date().empty()) {
          ASSIGN_OR_RETURN(day, rpc::ParseDayField(request->date(), "date"));
        }
        ASSIGN_OR_RETURN(std::vector<ServiceItemRecord> items,
                         d_.catalogue->ListServiceItems(caller, county, day));
        for (const ServiceItemRecord& item : items) {
          v1::ServiceItem* out = response->add_items();
          out->set_id(item.id);
          out->set_owner_org_id(item.owner_org_id);
          out->set_kind(static_cast<v1::ServiceItemKind>(item.kind));
          out->set_title(item.title);
          out->set_category(static_cast<v1::Category>(item.category));
          out->set_active_from(absl::FormatCivilTime(item.active_from));
          if (item.active_to) {
            out->set_active_to(absl::FormatCivilTime(*item.active_to));
          }
          out->set_how_to_use(item.how_to_use);
        }
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::RateMerchant(
    grpc::ServerContext* context, const v1::RateMerchantRequest* request,
    v1::RatingReceipt* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->merchant_id(), "merchant_id"));
        RETURN_IF_ERROR(ValidateStars(request->stars()));
        if (absl::Status s = text::CheckText(request->comment(), 500);
            !s.ok()) {
          return status::InvalidField("comment", std::string(s.message()));
        }
        ASSIGN_OR_RETURN(
            RatingReceipt receipt,
            d_.ratings->Rate(caller, request->merchant_id(), request->stars(),
                             request->comment(), request->edit()));
        response->set_merchant_id(receipt.merchant_id);
        response->set_month(absl::FormatCivilTime(receipt.month));
        response->set_replaced(receipt.replaced);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::RecordInspection(
    grpc::ServerContext* context, const v1::RecordInspectionRequest* request,
    v1::Inspection* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->merchant_id(), "merchant_id"));
        if (request->score() < 0 || request->score() > 100) {
          return status::InvalidField("score", "must be 0 to 100");
        }
        if (absl::Status s = text::CheckText(request->notes(), 1000); !s.ok()) {
          return status::InvalidField("notes", std::string(s.message()));
        }
        ASSIGN_OR_RETURN(std::string id,
                         db::RequestIdOrNew(request->request_id()));
        ASSIGN_OR_RETURN(
            InspectionRecord r,
            d_.ratings->RecordInspection(caller, id, request->merchant_id(),
                                         request->score(), request->notes()));
        response->set_id(r.id);
        response->set_merchant_id(r.merchant_id);
        response->set_score(r.score);
        response->set_notes(r.notes);
        response->set_inspector(r.inspector);
        rpc::SetTimestamp(r.at, response->mutable_time());
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::EvaluateMerchants(
    grpc::ServerContext* context, const v1::EvaluateMerchantsRequest* request,
    v1::EvaluationReport* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        std::optional<absl::CivilDay> day;
        if (!request->date().empty()) {
          ASSIGN_OR_RETURN(day, rpc::ParseDayField(request->date(), "date"));
        }
        ASSIGN_OR_RETURN(auto evaluated, d_.reports->Evaluate(caller, day));
        response->set_date(absl::FormatCivilTime(evaluated.first));
        for (const EvaluatedMerchant& row : evaluated.second) {
          ToProto(row, response->add_merchants());
        }
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::GetEvaluationReport(
    grpc::ServerContext* context, const v1::GetEvaluationReportRequest* request,
    v1::EvaluationReport* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        if (!request->org_id().empty()) {
          RETURN_IF_ERROR(CheckOwner(request->org_id(), "org_id"));
        }
        ASSIGN_OR_RETURN(
            EvaluationReport report,
            d_.reports->LatestEvaluations(caller, request->org_id()));
        for (const EvaluatedMerchant& row : report.merchants) {
          ToProto(row, response->add_merchants());
        }
        if (report.latest_day) {
          response->set_date(absl::FormatCivilTime(*report.latest_day));
        }
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::GetMerchantUsage(
    grpc::ServerContext* context, const v1::GetMerchantUsageRequest* request,
    v1::MerchantUsage* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(RequireId(request->merchant_id(), "merchant_id"));
        ASSIGN_OR_RETURN(absl::CivilMonth month,
                         rpc::ParseMonthField(request->month(), "month"));
        ASSIGN_OR_RETURN(Usage u, d_.reports->MerchantUsage(
                                      caller, request->merchant_id(), month));
        response->set_merchant_id(request->merchant_id());
        response->set_month(request->month());
        response->set_transactions(u.transactions);
        response->set_spend_fen(u.spend_fen);
        response->set_members(u.members);
        return absl::OkStatus();
      });
}

grpc::Status MerchantService::GetCategoryUsage(
    grpc::ServerContext* context, const v1::GetCategoryUsageRequest* request,
    v1::GetCategoryUsageResponse* response) {
  return rpc::ServeAuthenticated(
      *context, *d_.verifier,
      [&](const auth::Principal& caller) -> absl::Status {
        RETURN_IF_ERROR(CheckOwner(request->county_id(), "county_id"));
        ASSIGN_OR_RETURN(absl::CivilMonth month,
                         rpc::ParseMonthField(request->month(), "month"));
        ASSIGN_OR_RETURN(auto usage, d_.reports->CategoryUsage(
                                         caller, request->county_id(), month));
        response->set_county_id(request->county_id());
        response->set_month(request->month());
        for (const auto& [category, u] : usage) {
          v1::CategoryUsage* out = response->add_categories();
          out->set_category(static_cast<v1::Category>(category));
          out->set_transactions(u.transactions);
          out->set_spend_fen(u.spend_fen);
          out->set_members(u.members);
        }
        return absl::OkStatus();
      });
}

}  // namespace unioncard::merchant
