#include "tools/unionctl/merchant_commands.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/grpc/client.h"
#include "common/grpc/enum_label.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"
#include "tools/unionctl/card_commands.h"

namespace unioncard::unionctl {
namespace {

namespace v1 = merchant::v1;

absl::StatusOr<v1::Category> CategoryOf(const std::string& name) {
  v1::Category c;
  if (!rpc::ParseEnumLabel(name, &c) || c == v1::CATEGORY_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("--category=", name,
                     ": one of clothing, food, housing, transport, medical, "
                     "culture_sport, finance, education, legal, other"));
  }
  return c;
}

std::string Describe(const v1::Offer& o) {
  switch (o.kind()) {
    case v1::OFFER_KIND_DISCOUNT:
      return absl::StrCat(o.discount_percent(), "% off");
    case v1::OFFER_KIND_FIXED_PRICE:
      return absl::StrCat(Yuan(o.price_fen()), " yuan");
    default:
      return "free";
  }
}

}  // namespace

std::unique_ptr<grpc::ClientContext> MerchantCommands::Context() const {
  auto context = rpc::OutboundContext(absl::Seconds(60));
  rpc::SetBearerToken(*context, token_);
  return context;
}

absl::StatusOr<std::string> MerchantCommands::Create(const NewMerchant& in) {
  ASSIGN_OR_RETURN(v1::Category category, CategoryOf(in.category));
  v1::CreateMerchantRequest request;
  request.set_request_id(in.request_id);
  v1::Merchant* m = request.mutable_merchant();
  m->set_owner_org_id(in.owner);
  m->set_name(in.name);
  m->set_licence_number(in.licence);
  m->set_category(category);
  if (!in.location.empty()) m->add_locations(in.location);
  for (const auto& b : in.bank_ids) m->add_bank_merchant_ids(b);
  m->set_contract_from(in.contract_from);
  m->set_contract_to(in.contract_to);
  v1::Merchant out;
  auto context = Context();
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(stub_->CreateMerchant(context.get(), request, &out)));
  return absl::StrFormat("merchant %d %s (%s, owner %s): %s\n", out.id(),
                         out.name(), rpc::EnumLabel(out.category()),
                         out.owner_org_id(), rpc::EnumLabel(out.state()));
}

absl::StatusOr<std::string> MerchantCommands::List(const std::string& org_id) {
  v1::ListMerchantsRequest request;
  request.set_org_id(org_id);
  request.set_page_size(500);
  std::string out;
  do {
    v1::ListMerchantsResponse page;
    auto context = Context();
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        stub_->ListMerchants(context.get(), request, &page)));
    for (const auto& m : page.merchants()) {
      absl::StrAppendFormat(&out, "%6d  %-10s %-13s %-14s %-9s %s\n", m.id(),
                            m.owner_org_id(), rpc::EnumLabel(m.state()),
                            rpc::EnumLabel(m.standing()),
                            rpc::EnumLabel(m.category()), m.name());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return out.empty() ? std::string("no merchants\n") : out;
}

absl::StatusOr<std::string> MerchantCommands::Act(int64_t id,
                                                  const std::string& action,
                                                  const std::string& reason) {
  v1::ContractAction a;
  if (!rpc::ParseEnumLabel(action, &a) ||
      a == v1::CONTRACT_ACTION_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "the action is activate, suspend, resume or exit");
  }
  v1::ChangeMerchantStateRequest request;
  request.set_merchant_id(id);
  request.set_action(a);
  request.set_reason(reason);
  v1::Merchant out;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      stub_->ChangeMerchantState(context.get(), request, &out)));
  return absl::StrFormat("merchant %d %s: %s\n", out.id(), out.name(),
                         rpc::EnumLabel(out.state()));
}

absl::StatusOr<std::string> MerchantCommands::CreateOffer(const NewOffer& in) {
  ASSIGN_OR_RETURN(v1::Category category, CategoryOf(in.category));
  v1::CreateOfferRequest request;
  request.set_request_id(in.request_id);
  v1::Offer* o = request.mutable_offer();
  o->set_merchant_id(in.merchant_id);
  o->set_title(in.title);
  o->set_kind(in.free        ? v1::OFFER_KIND_FREE
              : in.price_fen ? v1::OFFER_KIND_FIXED_PRICE
                             : v1::OFFER_KIND_DISCOUNT);
  o->set_discount_percent(in.percent);
  o->set_price_fen(in.price_fen);
  o->set_category(category);
  o->set_valid_from(in.valid_from);
  o->set_valid_to(in.valid_to);
  v1::Offer out;
  auto context = Context();
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(stub_->CreateOffer(context.get(), request, &out)));
  return absl::StrFormat("offer %d at %s: %s, %s, %s to %s\n", out.id(),
                         out.merchant_name(), out.title(), Describe(out),
                         out.valid_from(), out.valid_to());
}

absl::StatusOr<std::string> MerchantCommands::Search(
    const std::string& county, const std::string& category,
    const std::string& date) {
  v1::SearchOffersRequest request;
  request.set_county_id(county);
  if (!category.empty()) {
    ASSIGN_OR_RETURN(v1::Category c, CategoryOf(category));
    request.set_category(c);
  }
  request.set_date(date);
  request.set_page_size(100);
  std::string out;
  do {
    v1::SearchOffersResponse page;
    auto context = Context();
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        stub_->SearchOffers(context.get(), request, &page)));
    for (const auto& o : page.offers()) {
      absl::StrAppendFormat(&out, "%6d  %-12s %s: %s (until %s)\n", o.id(),
                            Describe(o), o.merchant_name(), o.title(),
                            o.valid_to());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return out.empty() ? std::string("no offers in force\n") : out;
}

absl::StatusOr<std::string> MerchantCommands::Rate(int64_t merchant_id,
                                                   int stars) {
  v1::RateMerchantRequest request;
  request.set_merchant_id(merchant_id);
  request.set_stars(stars);
  v1::RatingReceipt out;
  auto context = Context();
  RETURN_IF_ERROR(
      rpc::FromGrpcStatus(stub_->RateMerchant(context.get(), request, &out)));
  return absl::StrFormat(
      "rated merchant %d for %s%s\n", out.merchant_id(), out.month(),
      out.replaced() ? " (replaces this month's rating)" : "");
}

namespace {

std::string ReportText(const v1::EvaluationReport& r) {
  std::string out = absl::StrCat("evaluation of ", r.date(), "\n");
  for (const auto& e : r.merchants()) {
    absl::StrAppendFormat(&out, "%6d  %-14s %3d ratings, mean %s  %s%s\n",
                          e.merchant_id(), rpc::EnumLabel(e.standing()),
                          e.ratings(), e.mean_stars(), e.merchant_name(),
                          e.changed() ? "  (changed)" : "");
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> MerchantCommands::Evaluate(
    const std::string& date) {
  v1::EvaluateMerchantsRequest request;
  request.set_date(date);
  v1::EvaluationReport out;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      stub_->EvaluateMerchants(context.get(), request, &out)));
  return ReportText(out);
}

absl::StatusOr<std::string> MerchantCommands::Report(
    const std::string& org_id) {
  v1::GetEvaluationReportRequest request;
  request.set_org_id(org_id);
  v1::EvaluationReport out;
  auto context = Context();
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      stub_->GetEvaluationReport(context.get(), request, &out)));
  return ReportText(out);
}

}  // namespace unioncard::unionctl
