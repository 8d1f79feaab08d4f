// bank-sim: the partner bank for local runs (tests use the library).
//   bank-sim --listen=127.0.0.1:50060 --card_svc=127.0.0.1:50062
//     --tls_ca=.local/certs/ca.crt --tls_cert=.local/certs/bank-sim.crt
//     --tls_key=.local/certs/bank-sim.key [--rejection_rate=0.05 …]
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "common/config/env_flags.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/server_flags.h"
#include "common/log/json_log.h"
#include "tools/bank-sim/bank_simulator.h"

ABSL_FLAG(std::string, card_svc, "127.0.0.1:50062",
          "card-svc's bank-notification address");
ABSL_FLAG(std::string, tls_ca, "", "CA certificate (PEM) of the link");
ABSL_FLAG(std::string, tls_cert, "", "bank-sim's certificate (PEM)");
ABSL_FLAG(std::string, tls_key, "", "bank-sim's private key (PEM)");
ABSL_FLAG(uint64_t, seed, 1, "random seed");
ABSL_FLAG(double, rejection_rate, 0, "share of applications refused");
ABSL_FLAG(double, activation_share, 0.9, "share of issued cards activated");
ABSL_FLAG(double, duplicate_rate, 0, "share of notifications sent twice");
ABSL_FLAG(double, reorder_rate, 0,
          "share of card notifications held back so later news overtakes "
          "them");
ABSL_FLAG(double, unavailable_rate, 0,
          "share of submissions answered UNAVAILABLE");
ABSL_FLAG(int, issue_delay_ms, 500, "application → issued");
ABSL_FLAG(int, activation_delay_ms, 2000, "issued → activated");
ABSL_FLAG(int, payout_delay_ms, 1000, "payout → paid or failed");
ABSL_FLAG(std::vector<std::string>, merchant_ids, {},
          "bank merchant ids card transactions happen at (comma-separated)");
ABSL_FLAG(std::string, state_file, "",
          "where the simulated bank keeps its cards and payouts across "
          "restarts (JSON); empty: memory only");
ABSL_FLAG(double, transactions_per_second, 0,
          "card transactions made per second over the activated cards");

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);
  rpc::ServerOptions server = rpc::ServerOptionsFromFlags("bank-sim");
  const rpc::TlsFiles tls{absl::GetFlag(FLAGS_tls_ca),
                          absl::GetFlag(FLAGS_tls_cert),
                          absl::GetFlag(FLAGS_tls_key)};
  auto server_credentials = rpc::MutualTlsServerCredentials(tls);
  auto client_credentials = rpc::MutualTlsChannelCredentials(tls);
  if (!server_credentials.ok() || !client_credentials.ok()) {
    log::Error("TLS files",
               {{"error", server_credentials.ok()
                              ? client_credentials.status().ToString()
                              : server_credentials.status().ToString()}});
    return 2;
  }
  server.credentials = *server_credentials;
  banksim::BankSimOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.rejection_rate = absl::GetFlag(FLAGS_rejection_rate);
  options.activation_share = absl::GetFlag(FLAGS_activation_share);
  options.duplicate_rate = absl::GetFlag(FLAGS_duplicate_rate);
  options.unavailable_rate = absl::GetFlag(FLAGS_unavailable_rate);
  options.reorder_rate = absl::GetFlag(FLAGS_reorder_rate);
  options.issue_delay = absl::Milliseconds(absl::GetFlag(FLAGS_issue_delay_ms));
  options.activation_delay =
      absl::Milliseconds(absl::GetFlag(FLAGS_activation_delay_ms));
  options.payout_delay =
      absl::Milliseconds(absl::GetFlag(FLAGS_payout_delay_ms));
  options.merchant_ids = absl::GetFlag(FLAGS_merchant_ids);
  options.transactions_per_second =
      absl::GetFlag(FLAGS_transactions_per_second);
  options.state_file = absl::GetFlag(FLAGS_state_file);
  banksim::BankSimulator bank(
      options, bank::v1::BankNotifications::NewStub(rpc::MakeChannel(
                   absl::GetFlag(FLAGS_card_svc), *client_credentials)));
  if (absl::Status loaded = bank.Load(); !loaded.ok()) {
    log::Error("bank state", {{"error", loaded.ToString()}});
    return 1;
  }
  rpc::ServiceRunner runner(server);
  runner.AddService(&bank);
  if (absl::Status s = runner.Start(); !s.ok()) {
    log::Error("cannot start", {{"error", s.ToString()}});
    return 1;
  }
  bank.Start();
  runner.OnShutdown([&bank] { bank.Stop(); });
  runner.StopOnShutdownSignals();
  runner.Wait();
  return 0;
}
