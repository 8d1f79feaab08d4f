// unionctl cards batch create | cards batch show | cards show |
// payouts create | approve | decline | show | reconcile
#include <vector>

#include "absl/flags/flag.h"
#include "card/v1/card.grpc.pb.h"
#include "card/v1/payouts.grpc.pb.h"
#include "common/grpc/client.h"
#include "tools/unionctl/card_commands.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"

ABSL_FLAG(std::vector<std::string>, members, {},
          "cards batch create: member ids (default: every approved member "
          "of the union without a card)");
ABSL_FLAG(std::string, member, "", "cards show: the member id");
ABSL_FLAG(std::string, programme, "", "payouts create: the programme id");

namespace unioncard::unionctl {
namespace {

// Runs `report` with card-svc's commands and prints what it returns; 3
// when `differences` came back above 0 (a reconciliation to look at).
int WithCardCommands(
    const std::function<absl::StatusOr<std::string>(CardCommands&, int*)>&
        report) {
  auto token = RequiredToken();
  if (!token.ok()) return Fail(token.status());
  auto channel = rpc::MakeChannel(absl::GetFlag(FLAGS_card_svc));
  auto cards = card::v1::CardService::NewStub(channel);
  auto payouts = card::v1::PayoutService::NewStub(channel);
  CardCommands commands(cards.get(), payouts.get(), *token);
  int differences = 0;
  const int code = Print(report(commands, &differences));
  return code == 0 && differences > 0 ? 3 : code;
}

// A command on the id typed after its words.
Command OnId(
    std::vector<std::string> words, std::string flags, std::string summary,
    std::function<absl::StatusOr<std::string>(CardCommands&, int64_t)> run) {
  return {std::move(words),
          {"ID"},
          std::move(flags),
          std::move(summary),
          [run](const std::vector<std::string>& args) {
            auto id = IdArgument(args[0]);
            if (!id.ok()) return Fail(id.status());
            return WithCardCommands(
                [&](CardCommands& c, int*) { return run(c, *id); });
          }};
}

}  // namespace

void AddCardCommands(CommandTable& table) {
  table.push_back({{"cards", "batch", "create"},
                   {},
                   "--org=UNION [--members=1,2,3] [--request_id=R] --token=T",
                   "an issuance batch: cards for the union's approved members",
                   [](const auto&) {
                     std::vector<int64_t> members;
                     for (const std::string& m : absl::GetFlag(FLAGS_members)) {
                       auto member = IdArgument(m);
                       if (!member.ok()) return Fail(member.status());
                       members.push_back(*member);
                     }
                     return WithCardCommands([&](CardCommands& c, int*) {
                       return c.CreateBatch(absl::GetFlag(FLAGS_org), members,
                                            absl::GetFlag(FLAGS_request_id));
                     });
                   }});
  table.push_back(OnId(
      {"cards", "batch", "show"}, "--token=T", "a batch's per-member outcomes",
      [](CardCommands& c, int64_t id) { return c.ShowBatch(id); }));
  table.push_back({{"cards", "show"},
                   {},
                   "--member=ID --token=T",
                   "a member's cards and their history",
                   [](const auto&) {
                     auto member = IdArgument(absl::GetFlag(FLAGS_member));
                     if (!member.ok()) return Fail(member.status());
                     return WithCardCommands([&](CardCommands& c, int*) {
                       return c.ShowMemberCards(*member);
                     });
                   }});
  table.push_back({{"payouts", "create"},
                   {"FILE.csv"},
                   "--programme=P --title=T --token=T",
                   "a payout batch from a file, awaiting a second person's "
                   "approval",
                   [](const auto& args) {
                     return WithCardCommands([&](CardCommands& c, int*) {
                       return c.CreatePayouts(args[0],
                                              absl::GetFlag(FLAGS_programme),
                                              absl::GetFlag(FLAGS_title));
                     });
                   }});
  table.push_back(OnId({"payouts", "approve"}, "--token=T",
                       "approve a payout batch (not its maker)",
                       [](CardCommands& c, int64_t id) {
                         return c.DecidePayouts(id, true,
                                                absl::GetFlag(FLAGS_note));
                       }));
  table.push_back(OnId({"payouts", "decline"}, "--note=WHY --token=T",
                       "decline a payout batch: nothing of it is paid",
                       [](CardCommands& c, int64_t id) {
                         return c.DecidePayouts(id, false,
                                                absl::GetFlag(FLAGS_note));
                       }));
  table.push_back(
      OnId({"payouts", "show"}, "--token=T", "a payout batch line by line",
           [](CardCommands& c, int64_t id) { return c.ShowPayouts(id); }));
  table.push_back(
      {{"payouts", "reconcile"},
       {},
       "--date=YYYY-MM-DD --token=T",
       "the day's payouts against the bank's statement (exit 3 "
       "on differences)",
       [](const auto&) {
         return WithCardCommands([&](CardCommands& c, int* differences) {
           return c.Reconcile(absl::GetFlag(FLAGS_date), differences);
         });
       }});
}

}  // namespace unioncard::unionctl
