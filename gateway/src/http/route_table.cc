#include "gateway/src/http/route_table.h"

#include <google/protobuf/descriptor.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "assessment/v1/assessment.pb.h"
#include "card/v1/card.pb.h"
#include "card/v1/payouts.pb.h"
#include "gateway/src/app/json_transcoder.h"
#include "member/v1/member.pb.h"
#include "member/v1/member_desk.pb.h"
#include "merchant/v1/merchant.pb.h"

namespace unioncard::gateway {
namespace {

constexpr char kMember[] = "unioncard.member.v1.MemberService/";
constexpr char kOrg[] = "unioncard.member.v1.OrgService/";
constexpr char kCard[] = "unioncard.card.v1.CardService/";
constexpr char kPayout[] = "unioncard.card.v1.PayoutService/";
constexpr char kMerchant[] = "unioncard.merchant.v1.MerchantService/";
constexpr char kAssess[] = "unioncard.assessment.v1.AssessmentService/";
constexpr char kAnnual[] = "unioncard.assessment.v1.AnnualAssessmentService/";
constexpr char kPlan[] = "unioncard.assessment.v1.PlanService/";
constexpr char kHelpDesk[] = "unioncard.member.v1.HelpDesk/";
constexpr char kNotices[] = "unioncard.member.v1.NoticeBoard/";

Route Rpc(const char* method, const char* path, std::string service,
          const char* rpc, AuditKind audit, const char* summary) {
  Route route;
  route.http_method = method;
  route.path = path;
  route.kind = RouteKind::kRpc;
  route.target = service + rpc;
  route.audit = audit;
  route.summary = summary;
  return route;
}
Route Read(const char* path, std::string service, const char* rpc,
           const char* summary) {
  return Rpc("GET", path, std::move(service), rpc, AuditKind::kNone, summary);
}
Route Write(const char* method, const char* path, std::string service,
            const char* rpc, const char* summary) {
  return Rpc(method, path, std::move(service), rpc, AuditKind::kWrite, summary);
}
Route Native(const char* method, const char* path, const char* handler,
             AuditKind audit, const char* summary, bool public_route = false) {
  Route route;
  route.http_method = method;
  route.path = path;
  route.kind = RouteKind::kNative;
  route.target = handler;
  route.audit = audit;
  route.summary = summary;
  route.public_route = public_route;
  return route;
}

// A members' channel route: the member's own data, the named request
// fields filled from the session.
Route Mine(const char* method, const char* path, std::string service,
           const char* rpc, AuditKind audit, const char* summary,
           std::map<std::string, std::string> from_session) {
  Route r = Rpc(method, path, std::move(service), rpc, audit, summary);
  r.audience = Audience::kMember;
  r.from_session = std::move(from_session);
  return r;
}
Route MemberNative(const char* method, const char* path, const char* handler,
                   const char* summary, bool public_route,
                   AuditKind audit = AuditKind::kNone) {
  Route r = Native(method, path, handler, audit, summary, public_route);
  r.audience = Audience::kMember;
  return r;
}

// The services' descriptors live in a static library; naming one message
// of each file links it in, so the generated pool knows every method.
void LinkDescriptors() {
  (void)member::v1::Member::descriptor();
  (void)member::v1::HelpRequest::descriptor();
  (void)card::v1::Card::descriptor();
  (void)card::v1::PayoutBatch::descriptor();
  (void)merchant::v1::Merchant::descriptor();
  (void)assessment::v1::Bulletin::descriptor();
}

}  // namespace

const std::vector<Route>& RouteTable() {
  static const auto* routes = new std::vector<Route>{
      // The gateway's own routes.
      Native("POST", "/v1/session", "session.login", AuditKind::kNone,
             "Sign in with username and password", true),
      Native("GET", "/v1/session", "session.get", AuditKind::kNone,
             "The signed-in account and its CSRF token"),
      Native("DELETE", "/v1/session", "session.logout", AuditKind::kNone,
             "Sign out"),
      Native("POST", "/v1/session:change-password", "session.change_password",
             AuditKind::kNone, "Change one's own password"),
      Native("POST", "/v1/session/totp:enroll", "session.totp_enroll",
             AuditKind::kNone,
             "A second factor: a new secret and its otpauth:// URI"),
      Native("POST", "/v1/session/totp:confirm", "session.totp_confirm",
             AuditKind::kNone, "Confirm the second factor with its first code"),
      Native("GET", "/v1/accounts", "accounts.list", AuditKind::kNone,
             "Staff accounts in one's scope"),
      Native("POST", "/v1/accounts", "accounts.create", AuditKind::kNone,
             "Create a staff account (one-time password returned once)"),
      Native("GET", "/v1/accounts/{id}", "accounts.get", AuditKind::kNone,
             "One staff account"),
      Native("POST", "/v1/accounts/{id}:disable", "accounts.disable",
             AuditKind::kNone, "Disable an account and end its sessions"),
      Native("POST", "/v1/accounts/{id}:enable", "accounts.enable",
             AuditKind::kNone, "Enable a disabled account"),
      Native("POST", "/v1/accounts/{id}:reset-password",
             "accounts.reset_password", AuditKind::kNone,
             "A new one-time password; sessions end"),
      Native("POST", "/v1/accounts/{id}:unlock", "accounts.unlock",
             AuditKind::kNone, "Lift a lockout after failed logins"),
      Native("DELETE", "/v1/accounts/{id}/sessions", "accounts.end_sessions",
             AuditKind::kNone, "End every session of an account"),
      Native("GET", "/v1/audit-entries", "audit.list", AuditKind::kNone,
             "The gateway's audit log (auditors and the city)"),
      Native("GET", "/v1/services/{service}/audit-entries", "audit.service",
             AuditKind::kNone,
             "A service's own audit trail (member, card, merchant, "
             "assessment); auditors and the city"),
      Native("GET", "/v1/openapi.json", "openapi", AuditKind::kNone,
             "This document", true),
      Native("GET", "/v1/bulletins/{date}:export", "export.bulletin",
             AuditKind::kNone, "The bulletin as ?format=csv or xlsx"),
      Native("GET", "/v1/rankings/{year}/{quarter}:export", "export.ranking",
             AuditKind::kNone, "The quarter's ranking as CSV or XLSX"),
      Native("GET", "/v1/plans/{year}:export", "export.plan", AuditKind::kNone,
             "A year's plan as CSV or XLSX"),
      Native("GET", "/v1/assessments/{year}:export", "export.assessment",
             AuditKind::kNone,
             "The annual assessment as CSV or XLSX (revision in the query)"),
      Native("GET", "/v1/generated-plans/{plan_id}:export",
             "export.generated_plan", AuditKind::kNone,
             "A generated plan as CSV or XLSX"),
      Native("GET", "/v1/progress-series:export", "export.progress",
             AuditKind::kNone,
             "Coverage and activation per month as CSV or XLSX"),
      Native("POST", "/v1/members:import", "members.import", AuditKind::kWrite,
             "Import members from a CSV body (UTF-8 or GBK); streams "
             "progress as NDJSON"),

      // The members' channel (/m/): sign-in by ID number and SMS code,
      // then only the member's own data.
      MemberNative("POST", "/v1/me/login-code", "me.login_code",
                   "Send a sign-in code to the member's mobile (the answer "
                   "is the same whether or not the details match)",
                   true),
      MemberNative("POST", "/v1/me/login", "me.login",
                   "Sign in as a member with the SMS code", true),
      MemberNative("GET", "/v1/me/session", "me.session",
                   "The signed-in member and the CSRF token", false),
      MemberNative("POST", "/v1/me/logout", "me.logout", "Sign out", false),
      MemberNative("POST", "/v1/me/mobile-code", "me.mobile_code",
                   "Send a code to the new mobile number", false),
      MemberNative("POST", "/v1/me/mobile", "me.mobile",
                   "Change my mobile with the code sent to it", false,
                   AuditKind::kWrite),
      Mine("GET", "/v1/me", kMember, "GetMember", AuditKind::kNone,
           "My membership record (masked)", {{"id", "member_id"}}),
      Mine("GET", "/v1/me/cards", kCard, "GetMemberCards", AuditKind::kNone,
           "My cards", {{"member_id", "member_id"}}),
      Mine("POST", "/v1/me/cards/{card_id}:report-lost", kCard,
           "ReportCardLost", AuditKind::kWrite,
           "Report my card lost (it is frozen at once)", {}),
      Mine("GET", "/v1/me/cover", kCard, "CheckInsuranceCoverage",
           AuditKind::kNone, "My insurance cover on a date",
           {{"member_id", "member_id"}}),
      Mine("GET", "/v1/me/payouts", kPayout, "ListMemberPayouts",
           AuditKind::kNone, "Payouts to my card",
           {{"member_id", "member_id"}}),
      Mine("GET", "/v1/me/offers", kMerchant, "SearchOffers", AuditKind::kNone,
           "Offers of my county's and the city's merchants",
           {{"county_id", "county_id"}}),
      Mine("POST", "/v1/me/ratings", kMerchant, "RateMerchant",
           AuditKind::kWrite,
           "Rate a merchant (once a month; edit=true "
           "changes that month's rating)",
           {}),
      Mine("GET", "/v1/me/service-items", kMerchant, "ListServiceItems",
           AuditKind::kNone, "My county's service items and how to use them",
           {{"county_id", "county_id"}}),
      Mine("GET", "/v1/me/notices", kNotices, "ListNotices", AuditKind::kNone,
           "Notices of the city and my county", {{"county_id", "county_id"}}),
      Mine("GET", "/v1/me/help-requests", kHelpDesk, "ListHelpRequests",
           AuditKind::kNone, "My requests for help",
           {{"member_id", "member_id"}}),
      Mine("POST", "/v1/me/help-requests", kHelpDesk, "SubmitHelpRequest",
           AuditKind::kWrite, "Ask my county union for help",
           {{"member_id", "member_id"}}),

      // member-svc: help requests and notices, for staff
      Read("/v1/help-requests", kHelpDesk, "ListHelpRequests",
           "A county's help requests (the city: every county's)"),
      Write("POST", "/v1/help-requests/{help_request_id}:act", kHelpDesk,
            "ActOnHelpRequest", "Accept, answer or close a help request"),
      Read("/v1/notices", kNotices, "ListNotices", "Published notices"),
      Write("POST", "/v1/notices", kNotices, "PublishNotice",
            "Publish a notice to the city's or a county's members"),
      Read("/v1/members/{member_id}/payouts", kPayout, "ListMemberPayouts",
           "A member's payouts"),
      Read("/v1/service-items", kMerchant, "ListServiceItems",
           "A county's service items in force"),

      // member-svc
      Read("/v1/orgs/{id}", kOrg, "GetOrgUnit", "One org unit"),
      Read("/v1/orgs", kOrg, "ListOrgUnits", "Child units of parent_id"),
      Write("POST", "/v1/orgs", kOrg, "CreateGrassrootsUnion",
            "Create a grassroots union"),
      Write("POST", "/v1/orgs/{id}:rename", kOrg, "RenameOrgUnit",
            "Rename a unit"),
      Write("POST", "/v1/orgs/{id}:close", kOrg, "CloseGrassrootsUnion",
            "Close a grassroots union"),
      Write("POST", "/v1/members", kMember, "RegisterMember",
            "Register a member"),
      Rpc("GET", "/v1/members/{id}", kMember, "GetMember", AuditKind::kReveal,
          "One member (reveal=true shows personal data, audited)"),
      Read("/v1/members", kMember, "ListMembers",
           "Members of a unit's subtree"),
      Write("PATCH", "/v1/members/{member.id}", kMember, "UpdateMember",
            "Change a member's details (update_mask)"),
      Rpc("POST", "/v1/members:find", kMember, "FindMemberByIdNumber",
          AuditKind::kReveal,
          "Find a member by ID number (in the body, never the URL)"),
      Rpc("POST", "/v1/id-numbers:describe", kMember, "DescribeIdNumber",
          AuditKind::kNone,
          "What registration would make of an ID number (in the body, never "
          "the URL)"),
      Write("POST", "/v1/members:review", kMember, "ReviewMembers",
            "Verify, return, approve or reject members"),
      Write("POST", "/v1/members/{member_id}:transfer", kMember,
            "TransferMember", "Move a member to another union"),
      Write("POST", "/v1/members/{member_id}:end", kMember, "EndMembership",
            "End a membership"),
      Write("POST", "/v1/members/{member_id}:reinstate", kMember,
            "ReinstateMember", "Reinstate an ended membership"),
      Read("/v1/member-counts", kMember, "CountMembers",
           "Members per county or union, by state"),

      // card-svc
      Write("POST", "/v1/cards", kCard, "RequestCard",
            "Request a card for a member"),
      Read("/v1/cards/{id}", kCard, "GetCard", "One card"),
      Read("/v1/cards", kCard, "ListCards", "Cards of a unit's subtree"),
      Read("/v1/members/{member_id}/cards", kCard, "GetMemberCards",
           "A member's cards and their history"),
      Write("POST", "/v1/cards/{card_id}:freeze", kCard, "FreezeCard",
            "Freeze a card"),
      Write("POST", "/v1/cards/{card_id}:unfreeze", kCard, "UnfreezeCard",
            "Unfreeze a card"),
      Write("POST", "/v1/cards/{card_id}:report-lost", kCard, "ReportCardLost",
            "Report a card lost"),
      Write("POST", "/v1/cards/{card_id}:cancel", kCard, "CancelCard",
            "Cancel a card"),
      Write("POST", "/v1/cards/{lost_card_id}:replace", kCard,
            "OrderReplacement", "Order a replacement for a lost card"),
      Write("POST", "/v1/issuance-batches", kCard, "CreateIssuanceBatch",
            "Issue cards to a union's approved members"),
      Read("/v1/issuance-batches/{id}", kCard, "GetIssuanceBatch",
           "One issuance batch with its progress"),
      Read("/v1/issuance-batches", kCard, "ListIssuanceBatches",
           "Issuance batches of a unit's subtree"),
      Read("/v1/card-statistics", kCard, "GetCardStatistics",
           "Cards issued and activated per county"),
      Read("/v1/members/{member_id}/insurance", kCard, "CheckInsuranceCoverage",
           "A member's insurance cover on a date"),
      Read("/v1/insurance-rosters/{month}", kCard, "GetInsuranceRoster",
           "The insurance roster of a month"),
      Read("/v1/card-transactions", kCard, "ListCardTransactions",
           "Card transactions"),
      Read("/v1/dormant-cards", kCard, "ListDormantCards",
           "Cards not activated or never used"),
      Read("/v1/payout-programmes", kPayout, "ListPayoutProgrammes",
           "Payout programmes"),
      Write("POST", "/v1/payout-batches", kPayout, "CreatePayoutBatch",
            "Create a payout batch"),
      Write("POST", "/v1/payout-batches/{batch_id}:approve", kPayout,
            "ApprovePayoutBatch", "Approve a payout batch (second person)"),
      Write("POST", "/v1/payout-batches/{batch_id}:decline", kPayout,
            "DeclinePayoutBatch", "Decline a payout batch"),
      Read("/v1/payout-batches/{batch_id}", kPayout, "GetPayoutBatch",
           "One payout batch"),
      Write("POST", "/v1/reconciliations/{date}", kPayout, "ReconcileDay",
            "Reconcile a day against the bank's statement"),

      // merchant-svc
      Write("POST", "/v1/merchants", kMerchant, "CreateMerchant",
            "Contract a merchant"),
      Read("/v1/merchants/{id}", kMerchant, "GetMerchant", "One merchant"),
      Read("/v1/merchants", kMerchant, "ListMerchants",
           "Merchants of a unit's subtree"),
      Write("POST", "/v1/merchants/{merchant_id}:change-state", kMerchant,
            "ChangeMerchantState", "Activate, suspend, resume or exit"),
      Write("POST", "/v1/offers", kMerchant, "CreateOffer",
            "Create a card-holder offer"),
      Read("/v1/offers", kMerchant, "SearchOffers",
           "Offers by county, category and date"),
      Write("POST", "/v1/service-items", kMerchant, "CreateServiceItem",
            "Create a service item"),
      Read("/v1/service-item-counts", kMerchant, "CountServiceItems",
           "Service items of a county on a date"),
      Write("POST", "/v1/merchants/{merchant_id}:rate", kMerchant,
            "RateMerchant", "A card holder rates a merchant"),
      Write("POST", "/v1/merchants/{merchant_id}/inspections", kMerchant,
            "RecordInspection", "Record an inspection"),
      Write("POST", "/v1/merchant-evaluations", kMerchant, "EvaluateMerchants",
            "Run the daily evaluation"),
      Read("/v1/merchant-evaluations", kMerchant, "GetEvaluationReport",
           "Featured, warned and exit-proposed merchants"),
      Read("/v1/merchants/{merchant_id}/usage", kMerchant, "GetMerchantUsage",
           "A merchant's card use in a month"),
      Read("/v1/category-usage", kMerchant, "GetCategoryUsage",
           "Card use by category in a month"),

      // assessment-svc
      Read("/v1/plans/{year}", kAssess, "GetPlan", "The plan of a year"),
      Read("/v1/bulletins/{date}", kAssess, "GetBulletin",
           "The monthly bulletin as of a date"),
      Read("/v1/rankings/{year}/{quarter}", kAssess, "GetQuarterRanking",
           "A quarter's ranking with points"),
      Rpc("POST", "/v1/assessments:simulate", kAssess, "SimulateAssessment",
          AuditKind::kNone, "Score given inputs (what-if)"),
      Write("PUT", "/v1/regular-items/{year}/{unit_code}", kAssess,
            "SetRegularItems", "Enter a unit's regular items for a year"),
      Read("/v1/regular-items/{year}", kAssess, "ListRegularItems",
           "Regular items of a year"),
      Write("POST", "/v1/incidents", kAssess, "AddIncident",
            "Record an omission or criticism"),
      Write("POST", "/v1/incidents/{id}:withdraw", kAssess, "WithdrawIncident",
            "Withdraw an incident"),
      Read("/v1/incidents", kAssess, "ListIncidents", "Incidents of a year"),
      Read("/v1/progress-series", kAssess, "GetProgressSeries",
           "Coverage and activation per month"),
      Write("POST", "/v1/assessments/{year}:compute", kAnnual,
            "ComputeAssessment", "Compute the annual assessment draft"),
      Write("POST", "/v1/assessments/{year}/revisions/{revision}:advance",
            kAnnual, "AdvanceAssessment",
            "Review, approve, publish, send back or correct"),
      Read("/v1/assessments/{year}", kAnnual, "GetAssessment",
           "The annual assessment (revision in the query)"),
      Write("POST", "/v1/generated-plans", kPlan, "GeneratePlan",
            "Generate a plan from coverage targets"),
      Read("/v1/generated-plans/{plan_id}", kPlan, "GetGeneratedPlan",
           "A generated plan"),
      Write("PUT", "/v1/generated-plans/{plan_id}/units/{year}/{unit_code}",
            kPlan, "UpdatePlanUnit", "Edit one unit's plan"),
      Write("POST", "/v1/generated-plans/{plan_id}:approve", kPlan,
            "ApprovePlan", "Approve a plan (not by its maker)"),
  };
  return *routes;
}

const std::vector<UnroutedMethod>& UnroutedMethods() {
  static const auto* methods = new std::vector<UnroutedMethod>{
      {std::string(kMember) + "WatchEvents",
       "the change feed is for services, not browsers"},
      {std::string(kCard) + "WatchEvents",
       "the change feed is for services, not browsers"},
      {std::string(kMember) + "ImportMembers",
       "served by POST /v1/members:import (CSV in, NDJSON progress out)"},
      {std::string(kMember) + "VerifyMemberContact",
       "the gateway's own check behind POST /v1/me/login-code"},
  };
  return *methods;
}

absl::Status ValidateRouteTable(const std::vector<Route>& routes) {
  LinkDescriptors();
  std::vector<std::string> problems;
  std::set<std::string> seen;
  std::set<std::string> routed;
  for (const UnroutedMethod& m : UnroutedMethods()) routed.insert(m.method);
  std::set<std::string> services;
  for (const Route& r : routes) {
    const std::string key = absl::StrCat(r.http_method, " ", r.path);
    if (!seen.insert(key).second) problems.push_back(key + " twice");
    absl::StatusOr<PathTemplate> t = PathTemplate::Parse(r.path);
    if (!t.ok()) {
      problems.push_back(std::string(t.status().message()));
      continue;
    }
    if (r.kind != RouteKind::kRpc) continue;
    absl::StatusOr<const google::protobuf::MethodDescriptor*> m =
        JsonTranscoder::FindMethod(r.target);
    if (!m.ok()) {
      problems.push_back(key + ": " + std::string(m.status().message()));
      continue;
    }
    if ((*m)->client_streaming() || (*m)->server_streaming()) {
      problems.push_back(key + ": " + r.target + " is not unary");
    }
    for (const std::string& v : t->variables()) {
      if (!JsonTranscoder::IsScalarFieldPath((*m)->input_type(), v)) {
        problems.push_back(key + ": {" + v + "} is not a scalar field of " +
                           (*m)->input_type()->full_name());
      }
    }
    for (const auto& [field, source] : r.from_session) {
      if (r.audience != Audience::kMember ||
          (source != "member_id" && source != "county_id") ||
          !JsonTranscoder::IsScalarFieldPath((*m)->input_type(), field)) {
        problems.push_back(key + ": cannot fill " + field + " from " + source);
      }
    }
    routed.insert(r.target);
    services.insert((*m)->service()->full_name());
  }
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* s =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    for (int i = 0; i < s->method_count(); ++i) {
      const std::string full = absl::StrCat(name, "/", s->method(i)->name());
      if (routed.count(full) == 0) {
        problems.push_back(full + " has no route and no reason not to");
      }
    }
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("route table: ", absl::StrJoin(problems, "; ")));
}

}  // namespace unioncard::gateway
