// unionctl merchants create | list | activate | suspend | resume | exit |
// rate | evaluate | report; offers create | search
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "merchant/v1/merchant.grpc.pb.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"
#include "tools/unionctl/merchant_commands.h"

ABSL_FLAG(std::string, owner, "", "merchants create: county id or city");
ABSL_FLAG(std::string, name, "", "merchants create: the merchant's name");
ABSL_FLAG(std::string, licence, "", "merchants create: licence number");
ABSL_FLAG(std::string, category, "", "merchants, offers: food, medical, …");
ABSL_FLAG(std::vector<std::string>, bank_ids, {},
          "merchants create: bank merchant ids");
ABSL_FLAG(std::string, location, "", "merchants create: an address");
ABSL_FLAG(std::vector<std::string>, contract, {},
          "merchants create: FROM,TO (YYYY-MM-DD)");
ABSL_FLAG(std::string, reason, "", "merchants suspend/exit: why");
ABSL_FLAG(int, stars, 0, "merchants rate: 1 to 5");
ABSL_FLAG(int64_t, merchant, 0, "offers create: the merchant id");
ABSL_FLAG(std::vector<std::string>, valid, {},
          "offers create: FROM,TO (YYYY-MM-DD)");
ABSL_FLAG(int, percent, 0, "offers create: discount in percent");
ABSL_FLAG(int64_t, price_fen, 0, "offers create: fixed price in fen");
ABSL_FLAG(bool, free, false, "offers create: free of charge");

namespace unioncard::unionctl {
namespace {

std::pair<std::string, std::string> Range(const std::vector<std::string>& v) {
  return {v.size() > 0 ? v[0] : "", v.size() > 1 ? v[1] : ""};
}

// Runs `report` with merchant-svc's commands and prints what it returns.
int WithMerchantCommands(
    const std::function<absl::StatusOr<std::string>(MerchantCommands&)>&
        report) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  auto stub = merchant::v1::MerchantService::NewStub(
      rpc::MakeChannel(absl::GetFlag(FLAGS_merchant_svc)));
  MerchantCommands commands(stub.get(), *token);
  return Print(report(commands));
}

// A command on the merchant id typed after its words.
Command OnMerchant(
    std::vector<std::string> words, std::string flags, std::string summary,
    std::function<absl::StatusOr<std::string>(MerchantCommands&, int64_t)>
        run) {
  return {std::move(words),
          {"ID"},
          std::move(flags),
          std::move(summary),
          [run](const std::vector<std::string>& args) {
            auto id = IdArgument(args[0]);
            if (!id.ok()) return Fail(id.status());
            return WithMerchantCommands(
                [&](MerchantCommands& c) { return run(c, *id); });
          }};
}

}  // namespace

void AddMerchantCommands(CommandTable& table) {
  table.push_back(
      {{"merchants", "create"},
       {},
       "--owner=COUNTY --name=N --licence=L --category=C "
       "--contract=FROM,TO [--bank_ids=a,b] [--location=…] --token=T",
       "sign a merchant (PENDING)",
       [](const auto&) {
         auto [from, to] = Range(absl::GetFlag(FLAGS_contract));
         return WithMerchantCommands([&](MerchantCommands& c) {
           return c.Create(
               {absl::GetFlag(FLAGS_owner), absl::GetFlag(FLAGS_name),
                absl::GetFlag(FLAGS_licence), absl::GetFlag(FLAGS_category),
                absl::GetFlag(FLAGS_location), from, to,
                absl::GetFlag(FLAGS_request_id),
                absl::GetFlag(FLAGS_bank_ids)});
         });
       }});
  table.push_back({{"merchants", "list"},
                   {},
                   "[--org=COUNTY] --token=T",
                   "the merchants a union signed",
                   [](const auto&) {
                     return WithMerchantCommands([](MerchantCommands& c) {
                       return c.List(absl::GetFlag(FLAGS_org));
                     });
                   }});
  for (const char* action : {"activate", "suspend", "resume", "exit"}) {
    table.push_back(
        OnMerchant({"merchants", action}, "[--reason=WHY] --token=T",
                   absl::StrCat(action, " the merchant's contract"),
                   [action](MerchantCommands& c, int64_t id) {
                     return c.Act(id, action, absl::GetFlag(FLAGS_reason));
                   }));
  }
  table.push_back(OnMerchant({"merchants", "rate"}, "--stars=N --token=MEMBER",
                             "a member's rating (a member's token)",
                             [](MerchantCommands& c, int64_t id) {
                               return c.Rate(id, absl::GetFlag(FLAGS_stars));
                             }));
  table.push_back({{"merchants", "evaluate"},
                   {},
                   "[--date=D] --token=T",
                   "run the daily evaluation for a day",
                   [](const auto&) {
                     return WithMerchantCommands([](MerchantCommands& c) {
                       return c.Evaluate(absl::GetFlag(FLAGS_date));
                     });
                   }});
  table.push_back({{"merchants", "report"},
                   {},
                   "[--org=COUNTY] --token=T",
                   "each merchant's latest evaluation",
                   [](const auto&) {
                     return WithMerchantCommands([](MerchantCommands& c) {
                       return c.Report(absl::GetFlag(FLAGS_org));
                     });
                   }});
  table.push_back(
      {{"offers", "create"},
       {},
       "--merchant=ID --title=T (--percent=P | --price_fen=F | --free) "
       "--category=C --valid=FROM,TO --token=T",
       "a merchant's offer to members",
       [](const auto&) {
         auto [from, to] = Range(absl::GetFlag(FLAGS_valid));
         MerchantCommands::NewOffer offer;
         offer.merchant_id = absl::GetFlag(FLAGS_merchant);
         offer.title = absl::GetFlag(FLAGS_title);
         offer.category = absl::GetFlag(FLAGS_category);
         offer.valid_from = from;
         offer.valid_to = to;
         offer.request_id = absl::GetFlag(FLAGS_request_id);
         offer.percent = absl::GetFlag(FLAGS_percent);
         offer.price_fen = absl::GetFlag(FLAGS_price_fen);
         offer.free = absl::GetFlag(FLAGS_free);
         return WithMerchantCommands(
             [&](MerchantCommands& c) { return c.CreateOffer(offer); });
       }});
  table.push_back({{"offers", "search"},
                   {},
                   "--county=C [--category=C] [--date=D] --token=T",
                   "the offers members of a county see",
                   [](const auto&) {
                     return WithMerchantCommands([](MerchantCommands& c) {
                       return c.Search(absl::GetFlag(FLAGS_county),
                                       absl::GetFlag(FLAGS_category),
                                       absl::GetFlag(FLAGS_date));
                     });
                   }});
}

}  // namespace unioncard::unionctl
