// unionctl accounts bootstrap | list | create | disable | enable |
// reset-password | unlock | sessions-kill
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "tools/unionctl/account_commands.h"
#include "tools/unionctl/cli/command_groups.h"
#include "tools/unionctl/cli/shared_flags.h"
#include "tools/unionctl/gateway_accounts.h"

ABSL_FLAG(std::string, username, "",
          "accounts: the login name (bootstrap: of the new admin; the other "
          "commands: yours)");
ABSL_FLAG(std::string, password, "env:UNIONCTL_PASSWORD",
          "accounts: your password, as file:PATH or env:NAME (never typed "
          "on the command line)");
ABSL_FLAG(std::string, totp_code, "", "accounts: your second-factor code");
ABSL_FLAG(std::string, gateway, "http://127.0.0.1:8080",
          "accounts: the gateway's URL");
ABSL_FLAG(std::string, new_username, "", "accounts create: the login name");
ABSL_FLAG(std::string, display_name, "",
          "accounts bootstrap, create: the name shown (default: the "
          "username)");

namespace unioncard::unionctl {
namespace {

// The first city admin, straight into the gateway's schema (--mysql_* name
// it).
int Bootstrap() {
  auto db = db::DbOptionsFromFlags();
  if (!db.ok()) return Fail(db.status());
  const std::string username = absl::GetFlag(FLAGS_username);
  if (username.empty()) {
    return Fail(absl::InvalidArgumentError("give --username=NAME"));
  }
  std::string display = absl::GetFlag(FLAGS_display_name);
  if (display.empty()) display = username;
  return Print(BootstrapAccount(*db, username, display));
}

// The operator's own session at the gateway: the other account commands
// go through it, audited there.
absl::StatusOr<std::unique_ptr<GatewayAccounts>> SignedIn() {
  auto password = config::ReadSecret(absl::GetFlag(FLAGS_password));
  if (!password.ok()) return password.status();
  return GatewayAccounts::SignIn(absl::GetFlag(FLAGS_gateway),
                                 absl::GetFlag(FLAGS_username), *password,
                                 absl::GetFlag(FLAGS_totp_code));
}

int List() {
  auto session = SignedIn();
  if (!session.ok()) return Fail(session.status());
  return PrintReport((*session)->List());
}

int Create() {
  auto session = SignedIn();
  if (!session.ok()) return Fail(session.status());
  std::string display = absl::GetFlag(FLAGS_display_name);
  if (display.empty()) display = absl::GetFlag(FLAGS_new_username);
  return Print((*session)->Create(absl::GetFlag(FLAGS_new_username), display,
                                  absl::GetFlag(FLAGS_role),
                                  absl::GetFlag(FLAGS_org)));
}

int Change(const std::string& action, const std::string& account) {
  auto id = IdArgument(account);
  if (!id.ok()) return Fail(id.status());
  auto session = SignedIn();
  if (!session.ok()) return Fail(session.status());
  return Print((*session)->Change(action, *id));
}

}  // namespace

void AddAccountCommands(CommandTable& table) {
  table.push_back({{"accounts", "bootstrap"},
                   {},
                   "--username=U [--display_name=…] --mysql_*=…",
                   "the first city admin, in the gateway's schema; prints "
                   "a one-time password",
                   [](const auto&) { return Bootstrap(); }});
  const char* kYou = "--username=YOU [--password=env:…] [--totp_code=…]";
  table.push_back({{"accounts", "list"},
                   {},
                   absl::StrCat(kYou, " [--csv | --xlsx=FILE]"),
                   "the gateway's accounts",
                   [](const auto&) { return List(); }});
  table.push_back({{"accounts", "create"},
                   {},
                   absl::StrCat("--new_username=N --role=R --org=O ", kYou),
                   "a staff account; prints its one-time password",
                   [](const auto&) { return Create(); }});
  const std::pair<const char*, const char*> kChanges[] = {
      {"disable", "disable the account (its sessions end)"},
      {"enable", "enable the account again"},
      {"reset-password", "a new one-time password for the account"},
      {"unlock", "unlock an account locked by failed logins"},
      {"sessions-kill", "end every session of the account"}};
  for (const auto& [action, summary] : kChanges) {
    table.push_back({{"accounts", action},
                     {"ACCOUNT_ID"},
                     kYou,
                     summary,
                     [action = std::string(action)](const auto& args) {
                       return Change(action, args[0]);
                     }});
  }
}

}  // namespace unioncard::unionctl
