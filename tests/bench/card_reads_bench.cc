// Card reads at the city's size (issue 16): the card statistics of a day and
// the monthly insurance roster over ~1.16 million cards, run through
// card-svc's own store and domain code (what GetCardStatistics and
// GetInsuranceRoster do, without the gRPC hop), against hand-written SQL
// over the same table in the same run.
//
//   card_reads_bench [--members=1444534] [--card_share=0.8] [--runs=5]
//
// The cards are generated (one per member for 80% of the members, issued
// on a day of 2016-04-01 … 2018-12-26, 80% activated within 60 days, 1%
// cancelled later, half of those holders given a second card 60–160 days
// after; no replacement chains) and loaded with LOAD DATA into card-svc's
// migrated `cards` table. Both ways' answers are compared before anything
// is timed, and the first issues also against the GROUP BY form the store
// used before.
//   statistics: FirstCardsIssued + CountsOnDay for 2017-06-30 (the handler's
//               two calls; the day counters are rebuilt from the loaded
//               cards first, as the migration that added them does)  vs
//               the same figures by hand over the cards: first issues by
//               the issued_at index and a NOT EXISTS on the member's cards,
//               activated and live by one GROUP BY each (the store's own
//               queries before the counters)
//   roster:     CardQueries::Roster for 2017-06 (the stored coverage,
//               rebuilt from the loaded cards first as the first start
//               after its migration does; also checked against the rule
//               over every member's cards, ForEachMemberCards +
//               MonthlyRoster, what card-svc did before)  vs  two counts and
//               two id lists by hand over the cards (covered at the
//               month's end and not at the previous one's, and the reverse)
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "card-svc/src/app/card_event_encoder.h"
#include "card-svc/src/domain/insurance_coverage.h"
#include "card-svc/src/store/card_queries.h"
#include "card-svc/src/store/card_schema.h"
#include "card-svc/src/store/card_store.h"
#include "card/v1/card.grpc.pb.h"
#include "common/auth/token.h"
#include "common/db/migrations.h"
#include "common/db/sql_types.h"
#include "common/grpc/call_as.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/testing/service_process.h"
#include "common/time/china_time.h"
#include "tests/bench/bench_support.h"

ABSL_FLAG(int64_t, members, 1444534, "real-name members (Cangzhou: 1444534)");
ABSL_FLAG(double, card_share, 0.8, "share of members with a card");
ABSL_FLAG(int, runs, 5, "timed calls of each kind");

namespace unioncard {
namespace {

using bench::Check;

std::string At(absl::CivilDay day, int hour) {
  return db::FormatSqlTimestamp(absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), hour),
      ChinaTime()));
}

int64_t LoadCards(db::ConnectionPool& pool, const std::string& file) {
  const auto plan = bench::CangzhouPlan();
  int64_t plan_members = 0;
  for (const auto& c : plan) plan_members += c.members_2015;
  const int64_t members = absl::GetFlag(FLAGS_members);
  const double share = absl::GetFlag(FLAGS_card_share);
  std::mt19937_64 random(20170630);
  std::ofstream out(file);
  const absl::CivilDay launch(2016, 4, 1);
  int64_t member_id = 0, card_id = 0;
  auto write_card = [&](int64_t member, const std::string& county, int state,
                        absl::CivilDay issued, bool activated,
                        const absl::CivilDay* ended_on) {
    ++card_id;
    out << card_id << '\t' << member << '\t' << county << '\t' << county
        << "-g0001\t" << state << "\tbt" << (100000000 + card_id) << '\t'
        << 1000 + card_id % 9000 << "\t2026-12\t" << county << '\t'
        << At(issued, 10) << '\t'
        << (activated ? At(issued + random() % 60, 15) : std::string("\\N"))
        << '\t' << (ended_on ? At(*ended_on, 11) : std::string("\\N")) << '\n';
  };
  for (const auto& county : plan) {
    const int64_t n = county.members_2015 * members / plan_members;
    for (int64_t i = 0; i < n; ++i) {
      ++member_id;
      if (std::uniform_real_distribution<>(0, 1)(random) >= share) continue;
      const absl::CivilDay issued = launch + random() % 1000;
      const bool activated = random() % 10 < 8;
      const bool ended = random() % 100 == 0;
      const absl::CivilDay ended_on = issued + 61 + random() % 300;
      write_card(member_id, county.unit_code,
                 ended       ? 9
                 : activated ? 4
                             : 3,
                 issued, activated, ended ? &ended_on : nullptr);
      // Half the ended cards' holders get a card again 60–160 days later
      // (not a replacement): the second card is never a first issue, and
      // no month sees both cards cover its ends.
      if (ended && random() % 2 == 0) {
        write_card(member_id, county.unit_code, 4,
                   ended_on + 60 + random() % 100, true, nullptr);
      }
    }
  }
  out.close();
  Check(pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute(absl::StrCat(
        "LOAD DATA LOCAL INFILE '", file,
        "' INTO TABLE cards (id, member_id, county_id, org_id, state, "
        "bank_token, last4, expiry, issued_county_id, issued_at, "
        "activated_at, ended_at)"));
    bench::Analyze(*st, "cards");
    return absl::OkStatus();
  }),
        "load the cards");
  return card_id;
}

struct Statistics {
  std::map<std::string, int64_t> first, activated, live;
  bool operator==(const Statistics& o) const {
    return first == o.first && activated == o.activated && live == o.live;
  }
};

struct Roster {
  int64_t insured = 0;
  std::vector<int64_t> additions, removals;
  bool operator==(const Roster& o) const {
    return insured == o.insured && additions == o.additions &&
           removals == o.removals;
  }
};

std::map<std::string, int64_t> Counts(sql::Connection& c,
                                      const std::string& query) {
  std::map<std::string, int64_t> counts;
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rows(st->executeQuery(query));
  while (rows->next()) counts[rows->getString(1)] = rows->getInt64(2);
  return counts;
}

std::vector<int64_t> Ids(sql::Connection& c, const std::string& query) {
  std::vector<int64_t> ids;
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rows(st->executeQuery(query));
  while (rows->next()) ids.push_back(rows->getInt64(1));
  return ids;
}

// By hand: the day's first issues from the issued_at index, activated and
// live as of the day's end by one GROUP BY each.
Statistics StatisticsByHand(db::ConnectionPool& pool, absl::CivilDay day) {
  const std::string from = absl::StrCat("'", At(day, 0), "'");
  const std::string to = absl::StrCat("'", At(day + 1, 0), "'");
  Statistics s;
  Check(pool.Run([&](sql::Connection& c) {
    s.first = Counts(
        c, absl::StrCat("SELECT c.issued_county_id, COUNT(*) FROM cards c "
                        "WHERE c.issued_at >= ",
                        from, " AND c.issued_at < ", to,
                        " AND NOT EXISTS (SELECT 1 FROM cards e WHERE "
                        "e.member_id = c.member_id AND e.issued_at < "
                        "c.issued_at) GROUP BY c.issued_county_id"));
    s.activated =
        Counts(c, absl::StrCat("SELECT issued_county_id, COUNT(*) FROM cards "
                               "WHERE activated_at < ",
                               to, " GROUP BY issued_county_id"));
    s.live =
        Counts(c, absl::StrCat("SELECT county_id, COUNT(DISTINCT member_id) "
                               "FROM cards WHERE issued_at < ",
                               to, " AND (ended_at IS NULL OR ended_at >= ", to,
                               ") GROUP BY county_id"));
    return absl::OkStatus();
  }),
        "statistics by hand");
  return s;
}

// The first issues another way, as the store counted them before
// 2026-12-02 (each member's earliest card by a GROUP BY over all cards): a
// check on the faster form, not timed.
std::map<std::string, int64_t> FirstIssuesGrouped(db::ConnectionPool& pool,
                                                  absl::CivilDay day) {
  std::map<std::string, int64_t> first;
  Check(pool.Run([&](sql::Connection& c) {
    first = Counts(
        c, absl::StrCat(
               "SELECT c.issued_county_id, COUNT(*) FROM cards c JOIN ("
               " SELECT member_id, MIN(issued_at) AS first_at FROM cards"
               " WHERE issued_at IS NOT NULL GROUP BY member_id) f"
               " ON c.member_id = f.member_id AND c.issued_at = f.first_at"
               " WHERE f.first_at >= '",
               At(day, 0), "' AND f.first_at < '", At(day + 1, 0),
               "' GROUP BY c.issued_county_id"));
    return absl::OkStatus();
  }),
        "first issues grouped");
  return first;
}

Statistics StatisticsByService(card::CardStore& cards,
                               card::CardQueries& queries, absl::CivilDay day) {
  const absl::Time start = absl::FromCivil(day, ChinaTime());
  const absl::Time end = absl::FromCivil(day + 1, ChinaTime());
  Statistics s;
  auto first = cards.FirstCardsIssued(start, end);
  Check(first.status(), "FirstCardsIssued");
  auto counts = queries.CountsOnDay(day);
  Check(counts.status(), "CountsOnDay");
  s.first = *first;
  for (const auto& [county, c] : *counts) {
    if (c.activated > 0) s.activated[county] = c.activated;
    if (c.live > 0) s.live[county] = c.live;
  }
  return s;
}

// By hand (no replacement chains in this data): covered on day D = issued
// on or before D and not ended before D.
Roster RosterByHand(db::ConnectionPool& pool, absl::CivilMonth month) {
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  const absl::CivilDay previous = absl::CivilDay(month) - 1;
  auto covered = [](absl::CivilDay d) {
    return absl::StrCat("(issued_at < '", At(d + 1, 0),
                        "' AND (ended_at IS NULL OR ended_at >= '", At(d, 0),
                        "'))");
  };
  Roster r;
  Check(pool.Run([&](sql::Connection& c) {
    r.insured = Counts(c, absl::StrCat("SELECT 'all', COUNT(*) FROM "
                                       "cards WHERE ",
                                       covered(last)))["all"];
    r.additions = Ids(
        c, absl::StrCat("SELECT member_id FROM cards WHERE ", covered(last),
                        " AND NOT ", covered(previous), " ORDER BY member_id"));
    r.removals = Ids(
        c, absl::StrCat("SELECT member_id FROM cards WHERE ", covered(previous),
                        " AND NOT ", covered(last), " ORDER BY member_id"));
    return absl::OkStatus();
  }),
        "roster by hand");
  return r;
}

Roster RosterByService(card::CardQueries& queries, absl::CivilMonth month) {
  auto roster = queries.Roster(month);
  Check(roster.status(), "Roster");
  return {roster->insured, roster->additions, roster->removals};
}

// The rule itself over every member's cards (what GetInsuranceRoster did
// before the stored coverage): a check, and the figure it took.
Roster RosterByRule(card::CardStore& cards, absl::CivilMonth month) {
  card::MonthlyRoster roster(month);
  Check(cards.ForEachMemberCards(
            [&](int64_t member_id, const std::vector<card::CardFacts>& facts) {
              roster.Add(member_id, facts);
            }),
        "ForEachMemberCards");
  return {static_cast<int64_t>(roster.insured().size()), roster.additions(),
          roster.removals()};
}

// card-svc as deployed — its own binary and process — started on the same
// cards with the stored figures marked for rebuilding (as the first start
// after migrations 12-13 finds them), then asked for the statistics and
// the roster over gRPC; returns its memory then. Its bank and member-svc
// are absent: it retries them in the background and needs neither here.
testing::ProcessMemory CardSvcAsDeployed(db::ConnectionPool& pool,
                                         db::DbOptions schema,
                                         absl::CivilDay day,
                                         absl::CivilMonth month,
                                         size_t additions) {
  Check(pool.Run([](sql::Connection& c) {
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->execute("INSERT INTO coverage_rebuild_pending VALUES (1)");
    return absl::OkStatus();
  }),
        "mark the stored figures for rebuilding");
  auth::SigningKey key = auth::GenerateSigningKey("bench");
  const std::string dir = bench::ServiceDir("card-svc", key);
  bench::MakeBankLinkCertificates(dir);
  auto token = [&](auth::Role role, const std::string& subject) {
    return auth::TokenSigner(key).Issue(
        {subject, role, "city", "/city/", {}, {}}, absl::Hours(1));
  };
  std::ofstream(dir + "/member_svc_token")
      << token(auth::Role::kService, "card-svc");
  schema.allow_local_infile = false;
  testing::ServiceProcessOptions options{
      CARD_SVC_PATH,
      "card-svc",
      dir,
      testing::PickFreePort(),
      schema,
      {absl::StrCat("--member_svc=127.0.0.1:", testing::PickFreePort()),
       absl::StrCat("--member_svc_token=file:", dir, "/member_svc_token"),
       absl::StrCat("--bank_listen=127.0.0.1:", testing::PickFreePort()),
       absl::StrCat("--bank=127.0.0.1:", testing::PickFreePort()),
       absl::StrCat("--tls_ca=", dir, "/ca.crt"),
       absl::StrCat("--tls_cert=", dir, "/card-svc.crt"),
       absl::StrCat("--tls_key=", dir, "/card-svc.key")}};
  // The rebuild runs before it serves.
  auto process = testing::StartServiceProcess(options, absl::Minutes(10));
  Check(process.status(), "start card-svc");
  auto stub = card::v1::CardService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", options.port)));
  const std::string city = token(auth::Role::kCityAdmin, "bench");
  card::v1::GetCardStatisticsRequest statistics;
  statistics.set_from_date(absl::FormatCivilTime(day));
  statistics.set_to_date(absl::FormatCivilTime(day));
  card::v1::GetInsuranceRosterRequest roster;
  roster.set_month(absl::FormatCivilTime(month));
  for (int run = 0; run < 3; ++run) {
    auto s = rpc::CallAs(*stub, &card::v1::CardService::Stub::GetCardStatistics,
                         city, statistics);
    Check(s.status(), "GetCardStatistics");
    auto r = rpc::CallAs(
        *stub, &card::v1::CardService::Stub::GetInsuranceRoster, city, roster);
    Check(r.status(), "GetInsuranceRoster");
    Check(static_cast<size_t>(r->additions_size()) == additions
              ? absl::OkStatus()
              : absl::InternalError("the roster over gRPC differs"),
          "GetInsuranceRoster");
  }
  Check(testing::CountRows(pool, "coverage_rebuild_pending") == 0
            ? absl::OkStatus()
            : absl::InternalError("card-svc did not rebuild at start"),
        "the rebuild");
  const testing::ProcessMemory memory =
      testing::ReadProcessMemory((*process)->pid());
  process->reset();
  std::filesystem::remove_all(dir);
  return memory;
}

}  // namespace
}  // namespace unioncard

int main(int argc, char** argv) {
  using namespace unioncard;
  absl::ParseCommandLine(argc, argv);
  log::SetMinimumLevel(log::Level::kError);
  std::unique_ptr<testing::MariaDbServer> mariadb;
  const db::DbOptions server = bench::BenchServer(mariadb);
  std::unique_ptr<db::ConnectionPool> pool =
      bench::MigratedSchema(server, "bench_card_reads", card::CardSchema());
  const std::string file =
      (std::filesystem::temp_directory_path() / "unioncard-card-reads.tsv")
          .string();
  int64_t loaded = 0;
  const double load = bench::Seconds([&] { loaded = LoadCards(*pool, file); });
  std::filesystem::remove(file);
  std::printf("%lld cards generated and loaded in %.1f s\n",
              static_cast<long long>(loaded), load);
  card::CardStore cards(pool.get(), &card::CardEventOutbox(),
                        &card::CardEventEncoder::Get());
  const double rebuild = bench::Seconds([&] {
    auto rebuilt = cards.RebuildStoredFiguresIfPending();
    Check(rebuilt.status(), "rebuilding the stored figures");
  });
  std::printf(
      "day counters and insurance coverage rebuilt from the cards in %.1f s\n",
      rebuild);

  card::CardQueries queries(pool.get());
  const absl::CivilDay day(2017, 6, 30);
  const absl::CivilMonth month(2017, 6);

  const Statistics by_service = StatisticsByService(cards, queries, day);
  if (!(by_service == StatisticsByHand(*pool, day)) ||
      by_service.first != FirstIssuesGrouped(*pool, day)) {
    std::fprintf(stderr, "MISMATCH in the statistics\n");
    return 1;
  }
  const Roster roster = RosterByService(queries, month);
  if (!(roster == RosterByHand(*pool, month)) ||
      !(roster == RosterByRule(cards, month))) {
    std::fprintf(stderr, "MISMATCH in the roster\n");
    return 1;
  }
  int64_t first = 0;
  for (const auto& [county, n] : by_service.first) first += n;
  std::printf(
      "both ways agree: %lld first cards issued on %s, roster of %s: %lld "
      "insured, %zu additions, %zu removals\n",
      static_cast<long long>(first), absl::FormatCivilTime(day).c_str(),
      absl::FormatCivilTime(month).c_str(),
      static_cast<long long>(roster.insured), roster.additions.size(),
      roster.removals.size());

  std::vector<double> s_service, s_hand, r_service, r_hand;
  for (int run = 0; run < absl::GetFlag(FLAGS_runs); ++run) {
    s_service.push_back(1000 * bench::Seconds([&] {
                          StatisticsByService(cards, queries, day);
                        }));
    s_hand.push_back(1000 *
                     bench::Seconds([&] { StatisticsByHand(*pool, day); }));
    r_service.push_back(
        1000 * bench::Seconds([&] { RosterByService(queries, month); }));
    r_hand.push_back(1000 *
                     bench::Seconds([&] { RosterByHand(*pool, month); }));
  }
  const double ss = bench::Median(s_service), sh = bench::Median(s_hand);
  const double rs = bench::Median(r_service), rh = bench::Median(r_hand);
  std::printf(
      "statistics of a day: card-svc's code %.1f ms, by hand %.1f ms, ratio "
      "%.2f\nroster of a month: card-svc's code %.1f ms, by hand %.1f ms, "
      "ratio %.2f\n(medians of %d; goal <= 100 ms and <= 2x by hand)\n",
      ss, sh, ss / sh, rs, rh, rs / rh, absl::GetFlag(FLAGS_runs));
  bench::Figure("card_statistics", ss, "ms", sh, "<= 100 ms and ratio <= 2",
                ss <= 100 && ss / sh <= 2);
  bench::Figure("insurance_roster", rs, "ms", rh, "<= 100 ms and ratio <= 2",
                rs <= 100 && rs / rh <= 2);

  db::DbOptions schema = server;
  schema.database = "bench_card_reads";
  bench::ServiceMemoryFigure(
      "card-svc",
      absl::StrCat("rebuilding the stored figures of ", loaded,
                   " cards at start and 3 statistics and rosters over gRPC"),
      CardSvcAsDeployed(*pool, schema, day, month, roster.additions.size()));
  return 0;
}
