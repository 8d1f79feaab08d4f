// unionctl: the operators' command line.
//
//   unionctl health                       is every service SERVING?
//   unionctl services HOST:PORT           what a server offers (reflection)
//   unionctl keys generate DIR            fresh token and data keys
//   unionctl token issue --role=city_admin --org=city --org_path=/city/
//                                         a caller token for scripts
//   unionctl orgs load grassroots.csv     create the unions a file lists
//   unionctl members import FILE.csv --org=UNION [--token=…]
//                                         bulk registration (UTF-8 or GBK)
//   unionctl members review --org=UNIT --action=verify|approve
//                                         move every waiting member on
//   unionctl cards batch create --org=UNION [--members=1,2,3]
//   unionctl cards batch show ID          a batch's per-member outcomes
//   unionctl cards show --member=ID       a member's cards and history
//   unionctl payouts create FILE.csv --programme=P --title=T
//   unionctl payouts approve ID | decline ID --note=WHY | show ID
//   unionctl payouts reconcile --date=YYYY-MM-DD
//   unionctl merchants create --owner=COUNTY --name=N --licence=L
//       --category=food [--bank_ids=a,b] [--location=…] --contract=FROM,TO
//   unionctl merchants list [--org=COUNTY]
//   unionctl merchants activate|suspend|resume|exit ID [--reason=WHY]
//   unionctl merchants rate ID --stars=N        (a member's token)
//   unionctl merchants evaluate [--date=D] | merchants report [--org=C]
//   unionctl offers create --merchant=ID --title=T (--percent=P |
//       --price_fen=F | --free) --category=C --valid=FROM,TO
//   unionctl offers search --county=C [--category=C] [--date=D]
//   unionctl assessment bulletin --date=D        [--csv | --xlsx=FILE]
//   unionctl assessment ranking --year=Y --quarter=Q          (the same)
//   unionctl assessment plan --year=Y                         (the same)
//   unionctl assessment show --year=Y [--revision=N]          (the same)
//   unionctl assessment regular --year=Y --unit=U --leadership=L --measures=M
//   unionctl assessment incident --unit=U --kind=omission|criticism
//       --date=D --note=WHAT
//   unionctl assessment compute --year=Y
//   unionctl assessment advance --year=Y --revision=N
//       --step=review|approve|publish|send-back|correct [--note=WHY]
//   unionctl assessment plan generate --first_year=Y --targets=10,40,80
//   unionctl assessment plan edit --plan_id=N --year=Y --unit=U --plan=CARDS
//   unionctl assessment plan approve --plan_id=N
//   unionctl analytics progress --from=YYYY-MM --to=YYYY-MM   [--csv|--xlsx]
//   unionctl analytics usage --county=C --month=YYYY-MM       (the same)
//   unionctl analytics dormant [--org=U] --kind=not-activated|never-used
//       [--days=30]                                           (the same)
//
// Flags may also come from UNIONCARD_<FLAG> environment variables.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "card/v1/card.grpc.pb.h"
#include "card/v1/payouts.grpc.pb.h"
#include "common/auth/service_grants.h"
#include "common/auth/token.h"
#include "common/config/env_flags.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "common/grpc/client.h"
#include "common/grpc/reflection_client.h"
#include "tools/unionctl/account_commands.h"
#include "tools/unionctl/analytics_commands.h"
#include "tools/unionctl/assessment_commands.h"
#include "tools/unionctl/card_commands.h"
#include "tools/unionctl/gateway_accounts.h"
#include "tools/unionctl/health_check.h"
#include "tools/unionctl/key_files.h"
#include "tools/unionctl/member_import.h"
#include "tools/unionctl/member_review.h"
#include "tools/unionctl/merchant_commands.h"
#include "tools/unionctl/org_load.h"

ABSL_FLAG(std::string, services,
          "member-svc=127.0.0.1:50051,card-svc=127.0.0.1:50052,"
          "merchant-svc=127.0.0.1:50053,assessment-svc=127.0.0.1:50054",
          "name=host:port of each service to check");
ABSL_FLAG(int, timeout_ms, 3000, "deadline of each call");
ABSL_FLAG(std::string, username, "",
          "accounts: the login name (bootstrap: of the new admin; the other "
          "commands: yours)");
ABSL_FLAG(std::string, password, "env:UNIONCTL_PASSWORD",
          "accounts: your password, as file:PATH or env:NAME (never typed "
          "on the command line)");
ABSL_FLAG(std::string, totp_code, "", "accounts: your second-factor code");
ABSL_FLAG(std::string, gateway, "http://127.0.0.1:8080", "the gateway's URL");
ABSL_FLAG(std::string, new_username, "", "accounts create: the login name");
ABSL_FLAG(std::string, display_name, "",
          "accounts bootstrap: the name shown (default: the username)");
ABSL_FLAG(std::string, signing_key, ".local/keys/token_signing.json",
          "token signing key: file:PATH or env:NAME");
ABSL_FLAG(std::string, role, "", "token role (city_admin, county_staff, …)");
ABSL_FLAG(std::string, subject, "", "token subject (account name)");
ABSL_FLAG(std::string, org_path, "", "token org path, e.g. /city/cangxian/");
ABSL_FLAG(int, ttl_minutes, 60, "token lifetime");
ABSL_FLAG(std::string, token, "",
          "caller token for service calls (or UNIONCARD_TOKEN)");
ABSL_FLAG(std::string, member_svc, "127.0.0.1:50051", "member-svc address");
ABSL_FLAG(std::string, card_svc, "127.0.0.1:50052", "card-svc address");
ABSL_FLAG(std::string, action, "", "members review: verify or approve");
ABSL_FLAG(std::vector<std::string>, members, {},
          "cards batch create: member ids (default: every approved member "
          "of the union without a card); cards show: the member id");
ABSL_FLAG(std::string, member, "", "cards show: the member id");
ABSL_FLAG(std::string, programme, "", "payouts create: the programme id");
ABSL_FLAG(std::string, title, "", "payouts create: the batch's title");
ABSL_FLAG(std::string, note, "",
          "payouts decline, assessment advance: why; assessment incident: "
          "what happened");
ABSL_FLAG(std::string, date, "",
          "payouts reconcile, assessment bulletin/incident: YYYY-MM-DD");
ABSL_FLAG(std::string, request_id, "",
          "cards batch create: makes a rerun continue the same batch");
ABSL_FLAG(std::string, merchant_svc, "127.0.0.1:50053", "merchant-svc address");
ABSL_FLAG(std::string, owner, "", "merchants create: county id or city");
ABSL_FLAG(std::string, name, "", "merchants create: the merchant's name");
ABSL_FLAG(std::string, licence, "", "merchants create: licence number");
ABSL_FLAG(std::string, category, "", "food, medical, … (merchants, offers)");
ABSL_FLAG(std::vector<std::string>, bank_ids, {},
          "merchants create: bank merchant ids");
ABSL_FLAG(std::string, location, "", "merchants create: an address");
ABSL_FLAG(std::vector<std::string>, contract, {},
          "merchants create: FROM,TO (YYYY-MM-DD)");
ABSL_FLAG(std::vector<std::string>, valid, {},
          "offers create: FROM,TO (YYYY-MM-DD)");
ABSL_FLAG(std::string, reason, "", "merchants suspend/exit: why");
ABSL_FLAG(int, stars, 0, "merchants rate: 1 to 5");
ABSL_FLAG(int64_t, merchant, 0, "offers create: the merchant id");
ABSL_FLAG(int, percent, 0, "offers create: discount in percent");
ABSL_FLAG(int64_t, price_fen, 0, "offers create: fixed price in fen");
ABSL_FLAG(bool, free, false, "offers create: free of charge");
ABSL_FLAG(std::string, county, "", "offers search: the county");
ABSL_FLAG(std::string, assessment_svc, "127.0.0.1:50054",
          "assessment-svc address");
ABSL_FLAG(int, year, 0, "assessment ranking/plan: the year");
ABSL_FLAG(int, quarter, 0, "assessment ranking: 1 to 4");
ABSL_FLAG(bool, csv, false, "assessment: print CSV instead of a table");
ABSL_FLAG(std::string, xlsx, "",
          "assessment: write the table to this XLSX file instead");
ABSL_FLAG(int, revision, 0, "assessment show/advance: the revision");
ABSL_FLAG(std::string, unit, "", "assessment regular/incident: the county");
ABSL_FLAG(std::string, leadership, "", "assessment regular: 0–3 (\"2.5\")");
ABSL_FLAG(std::string, measures, "", "assessment regular: 0–4");
ABSL_FLAG(std::string, kind, "",
          "assessment incident: omission|criticism; analytics dormant: "
          "not-activated|never-used");
ABSL_FLAG(std::string, step, "", "assessment advance: the workflow step");
ABSL_FLAG(int, first_year, 0, "assessment plan generate: the first year");
ABSL_FLAG(std::string, targets, "",
          "assessment plan generate: cumulative coverage % per year");
ABSL_FLAG(int64_t, plan_id, 0, "assessment plan edit/approve: the plan");
ABSL_FLAG(int64_t, plan, 0, "assessment plan edit: cards to issue in the year");
ABSL_FLAG(std::string, from, "", "analytics progress: the first month");
ABSL_FLAG(std::string, to, "", "analytics progress: the last month");
ABSL_FLAG(std::string, month, "", "analytics usage: YYYY-MM");
ABSL_FLAG(int, days, 30, "analytics dormant: days since issue");
ABSL_FLAG(std::string, org, "",
          "members import: the grassroots union rows go to (unless the file "
          "has a grassroots_code column); token issue: the token's org unit");

namespace {

using namespace unioncard;

constexpr char kUsage[] =
    "usage: unionctl health | services HOST:PORT | keys generate DIR | "
    "accounts bootstrap --username=U --mysql_*=… | accounts list|create|"
    "disable|enable|reset-password|unlock|sessions-kill … --username=YOU | "
    "token issue --role=R --subject=S --org=O --org_path=P | "
    "orgs load FILE.csv --token=T | members import FILE.csv --org=UNION "
    "--token=T | members review --org=U --action=verify|approve | "
    "cards batch create --org=U [--members=…] | cards batch show ID | "
    "cards show --member=ID | payouts create FILE.csv --programme=P "
    "--title=T | payouts approve|show ID | payouts decline ID --note=N | "
    "payouts reconcile --date=D | merchants create|list|activate|suspend|"
    "resume|exit|rate|evaluate|report … | offers create|search … | "
    "assessment bulletin|ranking|plan|show|regular|incident|compute|advance "
    "… "
    "(see the header of tools/unionctl/main.cc)";

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "unionctl: %s\n", status.ToString().c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

int Health() {
  auto targets = unionctl::ParseServiceTargets(absl::GetFlag(FLAGS_services));
  if (!targets.ok()) return Fail(targets.status());
  auto results = unionctl::CheckHealth(
      *targets, absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  std::fputs(unionctl::FormatHealthTable(results).c_str(), stdout);
  for (const auto& r : results) {
    if (!r.serving) return 1;
  }
  return 0;
}

int Services(const std::string& address) {
  auto names = rpc::ListServicesByReflection(
      rpc::MakeChannel(address),
      absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  if (!names.ok()) return Fail(names.status());
  for (const std::string& name : *names) std::printf("%s\n", name.c_str());
  return 0;
}

int IssueToken() {
  auto key_json = config::ReadSecret(absl::GetFlag(FLAGS_signing_key));
  if (!key_json.ok()) return Fail(key_json.status());
  auto key = auth::SigningKeyFromJson(*key_json);
  if (!key.ok()) return Fail(key.status());
  auth::Principal principal;
  auto role = auth::ParseRole(absl::GetFlag(FLAGS_role));
  if (!role.ok()) return Fail(role.status());
  principal.role = *role;
  principal.subject = absl::GetFlag(FLAGS_subject);
  principal.org_id = absl::GetFlag(FLAGS_org);
  principal.org_path = absl::GetFlag(FLAGS_org_path);
  if (principal.subject.empty() || principal.org_id.empty() ||
      !auth::IsValidOrgPath(principal.org_path)) {
    return Fail(absl::InvalidArgumentError(
        "--subject, --org and a valid --org_path (/city/…/) are required"));
  }
  if (principal.role == auth::Role::kService) {
    // A service token for a subject no service grant names would be
    // refused by every RPC: say so now.
    const auto& grants = auth::ServiceGrants();
    if (std::none_of(grants.begin(), grants.end(), [&](const auto& grant) {
          return grant.subject == principal.subject;
        })) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          "--subject=", principal.subject,
          ": service tokens are for card-svc, merchant-svc, assessment-svc "
          "or gateway (common/auth/service_grants.cc)")));
    }
  }
  std::printf(
      "%s\n",
      auth::TokenSigner(*key)
          .Issue(principal, absl::Minutes(absl::GetFlag(FLAGS_ttl_minutes)))
          .c_str());
  return 0;
}

int LoadOrgs(const std::string& path) {
  auto stub = member::v1::OrgService::NewStub(
      rpc::MakeChannel(absl::GetFlag(FLAGS_member_svc)));
  auto count =
      unionctl::LoadGrassrootsUnions(*stub, path, absl::GetFlag(FLAGS_token));
  if (!count.ok()) return Fail(count.status());
  std::printf("%s: %d grassroots unions present\n", path.c_str(), *count);
  return 0;
}

int ImportMembers(const std::string& path) {
  auto stub = member::v1::MemberService::NewStub(
      rpc::MakeChannel(absl::GetFlag(FLAGS_member_svc)));
  unionctl::ImportOptions options;
  options.default_org_id = absl::GetFlag(FLAGS_org);
  options.token = absl::GetFlag(FLAGS_token);
  if (options.token.empty()) {
    return Fail(
        absl::InvalidArgumentError("--token (or UNIONCARD_TOKEN) is required; "
                                   "see `unionctl token issue`"));
  }
  auto summary = unionctl::ImportMembersCsv(*stub, path, options);
  if (!summary.ok()) return Fail(summary.status());
  std::printf(
      "%s (%s): %d rows — %d registered, %d already registered (unchanged), "
      "%d failed\n",
      path.c_str(), summary->encoding.c_str(), summary->rows, summary->created,
      summary->unchanged, summary->failed);
  for (const std::string& warning : summary->warnings) {
    std::printf("check: %s\n", warning.c_str());
  }
  if (summary->failed > 0) {
    std::printf(
        "failed rows, with reasons: %s — fix them and import that "
        "file again\n",
        summary->failed_file.c_str());
    return 3;
  }
  return 0;
}

absl::StatusOr<std::string> RequiredToken() {
  const std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty()) {
    return absl::InvalidArgumentError(
        "--token (or UNIONCARD_TOKEN) is required; see `unionctl token "
        "issue`");
  }
  return token;
}

int ReviewMembers() {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  const std::string action = absl::GetFlag(FLAGS_action);
  auto stub = member::v1::MemberService::NewStub(
      rpc::MakeChannel(absl::GetFlag(FLAGS_member_svc)));
  auto summary = unionctl::ReviewWaitingMembers(
      *stub, absl::GetFlag(FLAGS_org),
      action == "verify"    ? member::v1::VERIFY
      : action == "approve" ? member::v1::APPROVE
                            : member::v1::REVIEW_ACTION_UNSPECIFIED,
      *token);
  if (!summary.ok()) return Fail(summary.status());
  std::printf("%s: %d members moved, %d refused%s%s\n", action.c_str(),
              summary->moved, summary->failed,
              summary->failed > 0 ? "; first: " : "",
              summary->first_failure.c_str());
  return summary->failed > 0 ? 3 : 0;
}

absl::StatusOr<int64_t> IdArgument(const std::string& text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not an id"));
  }
  return id;
}

// cards … and payouts …: one report printed, or the error.
int CardCommand(const std::vector<std::string>& words) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  auto channel = rpc::MakeChannel(absl::GetFlag(FLAGS_card_svc));
  auto cards = card::v1::CardService::NewStub(channel);
  auto payouts = card::v1::PayoutService::NewStub(channel);
  unionctl::CardCommands commands(cards.get(), payouts.get(), *token);
  const std::string what = absl::StrJoin(words.begin(), words.begin() + 2, " ");
  absl::StatusOr<std::string> report =
      absl::InvalidArgumentError(absl::StrCat("unknown command: ", what));
  int differences = 0;
  auto id = [&]() -> absl::StatusOr<int64_t> {
    if (words.size() < 3) return absl::InvalidArgumentError("an id is needed");
    return IdArgument(words[2]);
  };
  if (what == "cards batch" && words.size() == 3 && words[2] == "create") {
    std::vector<int64_t> members;
    for (const std::string& m : absl::GetFlag(FLAGS_members)) {
      auto member = IdArgument(m);
      if (!member.ok()) return Fail(member.status());
      members.push_back(*member);
    }
    report = commands.CreateBatch(absl::GetFlag(FLAGS_org), members,
                                  absl::GetFlag(FLAGS_request_id));
  } else if (what == "cards batch" && words.size() == 4 && words[2] == "show") {
    auto batch = IdArgument(words[3]);
    report = batch.ok() ? commands.ShowBatch(*batch) : batch.status();
  } else if (what == "cards show") {
    auto member = IdArgument(absl::GetFlag(FLAGS_member));
    report = member.ok() ? commands.ShowMemberCards(*member) : member.status();
  } else if (what == "payouts create" && words.size() == 3) {
    report = commands.CreatePayouts(words[2], absl::GetFlag(FLAGS_programme),
                                    absl::GetFlag(FLAGS_title));
  } else if (what == "payouts approve" || what == "payouts decline") {
    auto batch = id();
    report = batch.ok() ? commands.DecidePayouts(*batch, words[1] == "approve",
                                                 absl::GetFlag(FLAGS_note))
                        : batch.status();
  } else if (what == "payouts show") {
    auto batch = id();
    report = batch.ok() ? commands.ShowPayouts(*batch) : batch.status();
  } else if (what == "payouts reconcile") {
    report = commands.Reconcile(absl::GetFlag(FLAGS_date), &differences);
  }
  if (!report.ok()) return Fail(report.status());
  std::fputs(report->c_str(), stdout);
  return differences > 0 ? 3 : 0;
}

std::pair<std::string, std::string> Range(const std::vector<std::string>& v) {
  return {v.size() > 0 ? v[0] : "", v.size() > 1 ? v[1] : ""};
}

// merchants … and offers …: one report printed, or the error.
int MerchantCommand(const std::vector<std::string>& words) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  auto stub = merchant::v1::MerchantService::NewStub(
      rpc::MakeChannel(absl::GetFlag(FLAGS_merchant_svc)));
  unionctl::MerchantCommands commands(stub.get(), *token);
  const std::string& what = words[1];
  absl::StatusOr<std::string> report = absl::InvalidArgumentError(
      absl::StrCat("unknown command: ", words[0], " ", what, "\n", kUsage));
  auto id = [&]() -> absl::StatusOr<int64_t> {
    if (words.size() < 3) return absl::InvalidArgumentError("an id is needed");
    return IdArgument(words[2]);
  };
  if (words[0] == "merchants" && what == "create") {
    auto [from, to] = Range(absl::GetFlag(FLAGS_contract));
    report = commands.Create(
        {absl::GetFlag(FLAGS_owner), absl::GetFlag(FLAGS_name),
         absl::GetFlag(FLAGS_licence), absl::GetFlag(FLAGS_category),
         absl::GetFlag(FLAGS_location), from, to,
         absl::GetFlag(FLAGS_request_id), absl::GetFlag(FLAGS_bank_ids)});
  } else if (words[0] == "merchants" && what == "list") {
    report = commands.List(absl::GetFlag(FLAGS_org));
  } else if (words[0] == "merchants" &&
             (what == "activate" || what == "suspend" || what == "resume" ||
              what == "exit")) {
    auto merchant = id();
    report = merchant.ok()
                 ? commands.Act(*merchant, what, absl::GetFlag(FLAGS_reason))
                 : merchant.status();
  } else if (words[0] == "merchants" && what == "rate") {
    auto merchant = id();
    report = merchant.ok()
                 ? commands.Rate(*merchant, absl::GetFlag(FLAGS_stars))
                 : merchant.status();
  } else if (words[0] == "merchants" && what == "evaluate") {
    report = commands.Evaluate(absl::GetFlag(FLAGS_date));
  } else if (words[0] == "merchants" && what == "report") {
    report = commands.Report(absl::GetFlag(FLAGS_org));
  } else if (words[0] == "offers" && what == "create") {
    auto [from, to] = Range(absl::GetFlag(FLAGS_valid));
    unionctl::MerchantCommands::NewOffer offer;
    offer.merchant_id = absl::GetFlag(FLAGS_merchant);
    offer.title = absl::GetFlag(FLAGS_title);
    offer.category = absl::GetFlag(FLAGS_category);
    offer.valid_from = from;
    offer.valid_to = to;
    offer.request_id = absl::GetFlag(FLAGS_request_id);
    offer.percent = absl::GetFlag(FLAGS_percent);
    offer.price_fen = absl::GetFlag(FLAGS_price_fen);
    offer.free = absl::GetFlag(FLAGS_free);
    report = commands.CreateOffer(offer);
  } else if (words[0] == "offers" && what == "search") {
    report = commands.Search(absl::GetFlag(FLAGS_county),
                             absl::GetFlag(FLAGS_category),
                             absl::GetFlag(FLAGS_date));
  }
  if (!report.ok()) return Fail(report.status());
  std::fputs(report->c_str(), stdout);
  return 0;
}

// A report printed as a table, as CSV, or written to --xlsx.
int PrintReport(const absl::StatusOr<unionctl::Report>& report) {
  if (!report.ok()) return Fail(report.status());
  const std::string xlsx = absl::GetFlag(FLAGS_xlsx);
  if (!xlsx.empty()) {
    absl::Status s = report::WriteXlsx(*report, xlsx);
    if (!s.ok()) return Fail(s);
    std::printf("wrote %s: %s, %zu rows\n", xlsx.c_str(), report->title.c_str(),
                report->rows.size());
    return 0;
  }
  const std::string out = absl::GetFlag(FLAGS_csv)
                              ? report::RenderCsv(*report)
                              : report::RenderText(*report);
  std::fputs(out.c_str(), stdout);
  return 0;
}

// assessment …: a report printed or exported, a step taken, or the error.
int AssessmentCommand(const std::vector<std::string>& words) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  unionctl::AssessmentCommands commands(
      rpc::MakeChannel(absl::GetFlag(FLAGS_assessment_svc)), *token);
  const int year = absl::GetFlag(FLAGS_year);
  const std::string what = absl::StrJoin(words.begin() + 1, words.end(), " ");
  if (what == "bulletin") {
    return PrintReport(commands.Bulletin(absl::GetFlag(FLAGS_date)));
  }
  if (what == "ranking") {
    return PrintReport(commands.Ranking(year, absl::GetFlag(FLAGS_quarter)));
  }
  if (what == "plan") return PrintReport(commands.Plan(year));
  if (what == "show") {
    return PrintReport(
        commands.Assessment(year, absl::GetFlag(FLAGS_revision)));
  }
  if (what == "compute") return PrintReport(commands.Compute(year));
  if (what == "advance") {
    return PrintReport(commands.Advance(year, absl::GetFlag(FLAGS_revision),
                                        absl::GetFlag(FLAGS_step),
                                        absl::GetFlag(FLAGS_note)));
  }
  if (what == "plan generate") {
    return PrintReport(commands.GeneratePlan(absl::GetFlag(FLAGS_first_year),
                                             absl::GetFlag(FLAGS_targets)));
  }
  if (what == "plan edit") {
    return PrintReport(commands.EditPlan(absl::GetFlag(FLAGS_plan_id), year,
                                         absl::GetFlag(FLAGS_unit),
                                         absl::GetFlag(FLAGS_plan)));
  }
  if (what == "plan approve") {
    return PrintReport(commands.ApprovePlan(absl::GetFlag(FLAGS_plan_id)));
  }
  absl::StatusOr<std::string> done = absl::InvalidArgumentError(
      absl::StrCat("unknown command: assessment ", what));
  if (what == "regular") {
    done = commands.SetRegularItems(year, absl::GetFlag(FLAGS_unit),
                                    absl::GetFlag(FLAGS_leadership),
                                    absl::GetFlag(FLAGS_measures));
  } else if (what == "incident") {
    done = commands.AddIncident(
        absl::GetFlag(FLAGS_unit), absl::GetFlag(FLAGS_kind),
        absl::GetFlag(FLAGS_date), absl::GetFlag(FLAGS_note));
  }
  if (!done.ok()) return Fail(done.status());
  std::fputs(done->c_str(), stdout);
  return 0;
}

// analytics …: a report from the service that keeps its figures.
int AnalyticsCommand(const std::vector<std::string>& words) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  unionctl::AnalyticsCommands commands(
      {rpc::MakeChannel(absl::GetFlag(FLAGS_assessment_svc)),
       rpc::MakeChannel(absl::GetFlag(FLAGS_card_svc)),
       rpc::MakeChannel(absl::GetFlag(FLAGS_merchant_svc))},
      *token);
  if (words[1] == "progress") {
    return PrintReport(
        commands.Progress(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to)));
  }
  if (words[1] == "usage") {
    return PrintReport(commands.Usage(absl::GetFlag(FLAGS_county),
                                      absl::GetFlag(FLAGS_month)));
  }
  if (words[1] == "dormant") {
    return PrintReport(commands.Dormant(absl::GetFlag(FLAGS_org),
                                        absl::GetFlag(FLAGS_kind),
                                        absl::GetFlag(FLAGS_days)));
  }
  return Fail(absl::InvalidArgumentError(
      absl::StrCat("unknown command: analytics ", words[1])));
}

// accounts bootstrap: the first city admin, straight into the gateway's
// schema (--mysql_* name it).
int BootstrapAccount() {
  auto db = db::DbOptionsFromFlags();
  if (!db.ok()) return Fail(db.status());
  const std::string username = absl::GetFlag(FLAGS_username);
  if (username.empty()) {
    return Fail(absl::InvalidArgumentError("give --username=NAME"));
  }
  std::string display = absl::GetFlag(FLAGS_display_name);
  if (display.empty()) display = username;
  auto done = unionctl::BootstrapAccount(*db, username, display);
  if (!done.ok()) return Fail(done.status());
  std::fputs(done->c_str(), stdout);
  return 0;
}

// accounts list|create|disable|enable|reset-password|unlock|sessions-kill:
// through the gateway, signed in as the operator's own account.
int GatewayAccountCommand(const std::vector<std::string>& words) {
  auto password = config::ReadSecret(absl::GetFlag(FLAGS_password));
  if (!password.ok()) return Fail(password.status());
  auto session = unionctl::GatewayAccounts::SignIn(
      absl::GetFlag(FLAGS_gateway), absl::GetFlag(FLAGS_username), *password,
      absl::GetFlag(FLAGS_totp_code));
  if (!session.ok()) return Fail(session.status());
  if (words[1] == "list" && words.size() == 2) {
    return PrintReport((*session)->List());
  }
  absl::StatusOr<std::string> done;
  if (words[1] == "create" && words.size() == 2) {
    std::string display = absl::GetFlag(FLAGS_display_name);
    if (display.empty()) display = absl::GetFlag(FLAGS_new_username);
    done =
        (*session)->Create(absl::GetFlag(FLAGS_new_username), display,
                           absl::GetFlag(FLAGS_role), absl::GetFlag(FLAGS_org));
  } else {
    int64_t id = 0;
    if (words.size() != 3 || !absl::SimpleAtoi(words[2], &id)) {
      return Fail(absl::InvalidArgumentError(
          "usage: unionctl accounts disable|enable|reset-password|unlock|"
          "sessions-kill ACCOUNT_ID --username=YOU"));
    }
    done = (*session)->Change(words[1], id);
  }
  if (!done.ok()) return Fail(done.status());
  std::fputs(done->c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = config::ParseFlagsWithEnvironment(argc, argv);
  std::vector<std::string> words(args.begin() + 1, args.end());
  const std::string command = absl::StrJoin(words, " ");
  if (words.size() == 1 && words[0] == "health") return Health();
  if (words.size() == 2 && words[0] == "services") return Services(words[1]);
  if (words.size() == 3 && words[0] == "keys" && words[1] == "generate") {
    absl::Status s = unionctl::GenerateKeyFiles(words[2]);
    if (!s.ok()) return Fail(s);
    std::printf("wrote %s/{token_signing,token_verify,data_keys}.json\n",
                words[2].c_str());
    return 0;
  }
  if (words.size() == 3 && words[0] == "orgs" && words[1] == "load") {
    return LoadOrgs(words[2]);
  }
  if (words.size() == 3 && words[0] == "members" && words[1] == "import") {
    return ImportMembers(words[2]);
  }
  if (words.size() == 2 && words[0] == "members" && words[1] == "review") {
    return ReviewMembers();
  }
  if (words.size() >= 2 && (words[0] == "cards" || words[0] == "payouts")) {
    return CardCommand(words);
  }
  if (words.size() >= 2 && (words[0] == "merchants" || words[0] == "offers")) {
    return MerchantCommand(words);
  }
  if (words.size() == 2 && words[0] == "analytics") {
    return AnalyticsCommand(words);
  }
  if (words.size() >= 2 && words[0] == "assessment") {
    return AssessmentCommand(words);
  }
  if (words.size() == 2 && words[0] == "accounts" && words[1] == "bootstrap") {
    return BootstrapAccount();
  }
  if (words.size() >= 2 && words[0] == "accounts") {
    return GatewayAccountCommand(words);
  }
  if (words.size() == 2 && words[0] == "token" && words[1] == "issue") {
    return IssueToken();
  }
  std::fprintf(stderr, "%s\n", kUsage);
  return 2;
}
