// card-svc's API end to end: a real member-svc, card-svc and bank-sim on
// loopback, MariaDB underneath, callers with real tokens.
#include "card-svc/src/api/card_service.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

using Stub = v1::CardService::Stub;

class CardServiceTest : public testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    unit_ = *CityAdmin().CreateUnion("huanghua", "黄骅港务局工会");
    other_unit_ = *CityAdmin().CreateUnion("cangxian", "沧县纺织厂工会");
  }

  // The county ends the membership in member-svc; card-svc hears of it on
  // the member feed and cancels the card.
  void EndMembershipAndWaitForCancel(int64_t member, int64_t card_id) {
    member::v1::EndMembershipRequest end;
    end.set_member_id(member);
    end.set_reason(member::v1::END_REASON_LEFT);
    member::v1::Member out;
    auto county = CountyStaff("huanghua");
    auto context = county.Context();
    ASSERT_TRUE(county.members().EndMembership(context.get(), end, &out).ok());
    ASSERT_TRUE(Eventually([&] {
      auto card = CityCards().Get(card_id);
      return card.ok() && card->state() == v1::CARD_STATE_CANCELLED;
    }));
  }

  // Members of unit_, approved, persons first..first+n-1.
  std::vector<int64_t> Approved(int n, int first = 1) {
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) ids.push_back(ApprovedMember(unit_, first + i));
    return ids;
  }

  // Every card of the batch issued — and activated, which bank-sim
  // reports a little after the issue.
  bool BatchActivated(int64_t batch_id, int cards) {
    auto batch = CityCards().GetBatch(batch_id);
    return batch.ok() && batch->state() == v1::BATCH_STATE_COMPLETE &&
           batch->activated() == cards;
  }

  int64_t ActivatedCard(int64_t member) {
    return CardServiceEnv::ActivatedCard(unit_, member);
  }

  member::v1::OrgUnit unit_, other_unit_;
};

TEST_F(CardServiceTest, ABatchOfAllApprovedMembersIsIssuedEndToEnd) {
  StartCardSvc();
  const std::vector<int64_t> approved = Approved(5);
  // Not approved yet: no card for them.
  ASSERT_TRUE(CountyStaff("huanghua").Register(Person(unit_.id(), 9)).ok());
  // One card was requested on its own beforehand: it joins the batch.
  auto single = CountyCards("huanghua").Request(approved[0]);
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(single->state(), v1::CARD_STATE_REQUESTED);

  auto batch = CountyCards("huanghua").CreateBatch(unit_.id(), {}, "b-1");
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->members(), 5);
  EXPECT_EQ(batch->without_card(), 0);
  EXPECT_EQ(batch->org_id(), unit_.id());
  EXPECT_EQ(batch->county_id(), "huanghua");
  ASSERT_TRUE(Eventually([&] { return BatchActivated(batch->id(), 5); }));

  auto done = CityCards().GetBatch(batch->id());
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->issued(), 5);
  EXPECT_EQ(done->activated(), 5);
  EXPECT_EQ(done->waiting(), 0);
  EXPECT_EQ(done->send_attempts(), 1);
  ASSERT_EQ(done->items_size(), 5);
  EXPECT_EQ(done->items(0).card_id(), single->id());
  for (const auto& item : done->items()) {
    auto card = CityCards().Get(item.card_id());
    ASSERT_TRUE(card.ok());
    EXPECT_EQ(card->state(), v1::CARD_STATE_ACTIVATED);
    EXPECT_EQ(card->last4().size(), 4u);
    EXPECT_EQ(card->issued_county_id(), "huanghua");
    EXPECT_TRUE(card->has_issue_time());
  }

  // Retrying the same request changes nothing; a new batch finds nobody
  // left without a card.
  auto again = CountyCards("huanghua").CreateBatch(unit_.id(), {}, "b-1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id(), batch->id());
  auto second = CountyCards("huanghua").CreateBatch(unit_.id());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->members(), 0);
  EXPECT_EQ(CardRows("cards"), 5);
  EXPECT_EQ(bank_->applications(), 5);
}

TEST_F(CardServiceTest, NamedMembersWhoCannotHaveACardAreRowsWithTheReason) {
  StartCardSvc();
  const std::vector<int64_t> approved = Approved(2);
  auto collected = CountyStaff("huanghua").Register(Person(unit_.id(), 7));
  ASSERT_TRUE(collected.ok());
  const int64_t elsewhere = ApprovedMember(other_unit_, 8);

  auto batch = CountyCards("huanghua")
                   .CreateBatch(unit_.id(), {approved[0], collected->id(),
                                             elsewhere, 999999});
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->members(), 4);
  EXPECT_EQ(batch->without_card(), 3);
  std::map<int64_t, std::string> problems;
  for (const auto& item : batch->items()) {
    if (item.card_id() == 0) problems[item.member_id()] = item.problem();
  }
  EXPECT_NE(problems[collected->id()].find("COLLECTED"), std::string::npos);
  EXPECT_NE(problems[elsewhere].find("belongs to union"), std::string::npos);
  EXPECT_EQ(problems[999999], "no such member");
  EXPECT_EQ(CardRows("cards"), 1);
}

TEST_F(CardServiceTest, BadBatchRequestsAreRefusedNamingTheField) {
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  auto county = CountyCards("huanghua");
  auto no_org = county.CreateBatch("");
  EXPECT_EQ(no_org.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_org.status().message().find("org_id"), std::string::npos);
  auto twice = county.CreateBatch(unit_.id(), {member, member});
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(twice.status().message().find("member_ids[1]"), std::string::npos);
  EXPECT_EQ(county.CreateBatch(unit_.id(), {-4}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(county.CreateBatch("no-such-union").status().code(),
            absl::StatusCode::kNotFound);
  auto county_level = county.CreateBatch("huanghua");
  EXPECT_EQ(county_level.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(county_level.status().message().find("grassroots"),
            std::string::npos);
  // Another county's staff, and grassroots staff, may not make batches.
  EXPECT_EQ(CountyCards("cangxian").CreateBatch(unit_.id()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CardsAs(auth::Role::kGrassrootsStaff, unit_.id(), unit_.path())
                .CreateBatch(unit_.id())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CardRows("cards"), 0);
  EXPECT_EQ(CardRows("issuance_batches"), 0);
}

TEST_F(CardServiceTest, LostCardIsReplacedAndTheHistoryShowsBoth) {
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  const int64_t card_id = ActivatedCard(member);

  // The member reports the loss themself.
  auth::Principal me{std::to_string(member),
                     auth::Role::kMember,
                     unit_.id(),
                     unit_.path(),
                     {},
                     {}};
  testing::CardCaller member_caller(
      rpc::MakeChannel(card_address_),
      auth::TokenSigner(key_).Issue(me, absl::Hours(1)));
  auto lost = member_caller.Change(&Stub::ReportCardLost, card_id, "丢失");
  ASSERT_TRUE(lost.ok()) << lost.status();
  EXPECT_EQ(lost->state(), v1::CARD_STATE_LOST);
  // Someone else's card is not theirs to report.
  const int64_t other = ApprovedMember(unit_, 2);
  auto other_card = CountyCards("huanghua").Request(other);
  ASSERT_TRUE(other_card.ok());
  EXPECT_EQ(member_caller.Change(&Stub::ReportCardLost, other_card->id())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);

  v1::OrderReplacementRequest replace;
  replace.set_lost_card_id(card_id);
  replace.set_request_id("replace-1");
  auto fresh = CountyCards("huanghua").Call(&Stub::OrderReplacement, replace);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->state(), v1::CARD_STATE_REQUESTED);
  EXPECT_EQ(fresh->replaces_card_id(), card_id);
  auto retried = CountyCards("huanghua").Call(&Stub::OrderReplacement, replace);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->id(), fresh->id());

  auto cards = member_caller.MemberCards(member);
  ASSERT_TRUE(cards.ok()) << cards.status();
  EXPECT_EQ(cards->live_card_id(), fresh->id());
  ASSERT_EQ(cards->cards_size(), 2);
  const auto& old_history = cards->cards(0).history();
  ASSERT_EQ(old_history.size(), 6);  // requested … activated, lost, replaced
  EXPECT_EQ(old_history[0].to_state(), v1::CARD_STATE_REQUESTED);
  EXPECT_EQ(old_history[3].to_state(), v1::CARD_STATE_ACTIVATED);
  EXPECT_EQ(old_history[4].to_state(), v1::CARD_STATE_LOST);
  EXPECT_EQ(old_history[5].to_state(), v1::CARD_STATE_REPLACED);
  EXPECT_EQ(cards->cards(1).card().state(), v1::CARD_STATE_REQUESTED);
  // Another county cannot read the member's cards.
  EXPECT_EQ(CountyCards("cangxian").MemberCards(member).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(CardServiceTest, IllegalOrIncompleteChangesAreRefused) {
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  auto card = CountyCards("huanghua").Request(member);
  ASSERT_TRUE(card.ok());
  auto county = CountyCards("huanghua");

  auto no_reason = county.Change(&Stub::FreezeCard, card->id());
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_reason.status().message().find("reason"), std::string::npos);
  auto too_early = county.Change(&Stub::FreezeCard, card->id(), "核查");
  EXPECT_EQ(too_early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(too_early.status().message().find("REQUESTED"), std::string::npos);
  EXPECT_EQ(CountyCards("cangxian")
                .Change(&Stub::CancelCard, card->id(), "x")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(county.Change(&Stub::CancelCard, 0, "x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(county.Change(&Stub::CancelCard, 424242, "x").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(county.Request(member).status().code(),
            absl::StatusCode::kAlreadyExists);

  auto cancelled = county.Change(&Stub::CancelCard, card->id(), "本人申请");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->state(), v1::CARD_STATE_CANCELLED);
  // Once cancelled the member may have a card again.
  EXPECT_TRUE(county.Request(member).ok());
}

TEST_F(CardServiceTest, ListsPageThroughTheCallersUnitOnly) {
  StartCardSvc();
  for (int64_t id : Approved(5)) {
    ASSERT_TRUE(CountyCards("huanghua").Request(id).ok());
  }
  const int64_t elsewhere = ApprovedMember(other_unit_, 20);
  ASSERT_TRUE(CountyCards("cangxian").Request(elsewhere).ok());

  v1::ListCardsRequest request;
  request.set_page_size(2);
  std::vector<int64_t> seen;
  auto county = CountyCards("huanghua");
  do {
    auto page = county.Call(&Stub::ListCards, request);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& c : page->cards()) {
      EXPECT_EQ(c.county_id(), "huanghua");
      seen.push_back(c.id());
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(seen.size(), 5u);

  v1::ListCardsRequest all;
  all.set_org_id("city");
  auto everything = CityCards().Call(&Stub::ListCards, all);
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->cards_size(), 6);
  EXPECT_EQ(county.Call(&Stub::ListCards, all).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::ListCardsRequest damaged;
  damaged.set_page_token("not-a-token");
  auto bad = county.Call(&Stub::ListCards, damaged);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("page_token"), std::string::npos);
}

TEST_F(CardServiceTest, StatisticsAndInsuranceFollowTheBanksTimes) {
  StartCardSvc();
  const std::vector<int64_t> members = Approved(3);
  auto batch = CountyCards("huanghua").CreateBatch(unit_.id());
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(Eventually([&] { return BatchActivated(batch->id(), 3); }));
  const absl::CivilDay today =
      absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));

  v1::GetCardStatisticsRequest stats_request;
  stats_request.set_from_date(absl::FormatCivilTime(today));
  stats_request.set_to_date(absl::FormatCivilTime(today));
  auto stats = CityCards().Call(&Stub::GetCardStatistics, stats_request);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->counties_size(), 1);
  EXPECT_EQ(stats->counties(0).county_id(), "huanghua");
  EXPECT_EQ(stats->counties(0).first_cards_issued(), 3);
  EXPECT_EQ(stats->counties(0).activated(), 3);
  EXPECT_EQ(stats->counties(0).live(), 3);
  // Another county sees no row of huanghua's.
  auto theirs =
      CountyCards("cangxian").Call(&Stub::GetCardStatistics, stats_request);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->counties_size(), 0);
  stats_request.set_from_date("2026-13-01");
  auto bad = CityCards().Call(&Stub::GetCardStatistics, stats_request);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("from_date"), std::string::npos);

  v1::CheckInsuranceCoverageRequest cover;
  cover.set_member_id(members[0]);
  auto covered = CityCards().Call(&Stub::CheckInsuranceCoverage, cover);
  ASSERT_TRUE(covered.ok()) << covered.status();
  EXPECT_TRUE(covered->covered());
  ASSERT_EQ(covered->spans_size(), 1);
  EXPECT_EQ(covered->spans(0).from_date(), absl::FormatCivilTime(today));
  cover.set_date(absl::FormatCivilTime(today - 1));
  auto before = CityCards().Call(&Stub::CheckInsuranceCoverage, cover);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->covered());

  v1::GetInsuranceRosterRequest roster_request;
  roster_request.set_month(absl::FormatCivilTime(absl::CivilMonth(today)));
  auto roster = CityCards().Call(&Stub::GetInsuranceRoster, roster_request);
  ASSERT_TRUE(roster.ok()) << roster.status();
  EXPECT_EQ(roster->insured(), 3);
  EXPECT_EQ(std::vector<int64_t>(roster->additions().begin(),
                                 roster->additions().end()),
            members);
  EXPECT_EQ(roster->removals_size(), 0);
  EXPECT_EQ(CountyCards("huanghua")
                .Call(&Stub::GetInsuranceRoster, roster_request)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(CardServiceTest, EndedMembershipCancelsTheCardThroughTheFeed) {
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  const int64_t card_id = ActivatedCard(member);
  ASSERT_NO_FATAL_FAILURE(EndMembershipAndWaitForCancel(member, card_id));
  EXPECT_NE(CityCards().Get(card_id)->note().find("membership ended"),
            std::string::npos);
}

// member-svc closes connections after a second (as --max_connection_age
// does every 5 minutes in production, so clients re-resolve DNS): the
// member feed's stream is cut and card-svc resumes from its cursor, missing
// nothing and doing nothing twice.
TEST_F(CardServiceTest, TheMemberFeedSurvivesConnectionsClosedForAge) {
  member_connection_age_ = absl::Seconds(1);
  RestartServer();
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  const int64_t card_id = ActivatedCard(member);
  absl::SleepFor(absl::Seconds(3));
  // The stream was cut and card-svc came back: WatchEvents was started
  // more than once on member-svc.
  int watch_calls = 0;
  for (absl::string_view line : absl::StrSplit(
           server_->runner().metrics().RenderPrometheusText(), '\n')) {
    if (absl::StartsWith(line, "grpc_server_started_total") &&
        absl::StrContains(line, "MemberService") &&
        absl::StrContains(line, "WatchEvents")) {
      ASSERT_TRUE(
          absl::SimpleAtoi(line.substr(line.rfind(' ') + 1), &watch_calls));
    }
  }
  EXPECT_GE(watch_calls, 3);
  ASSERT_NO_FATAL_FAILURE(EndMembershipAndWaitForCancel(member, card_id));
  EXPECT_EQ(CardRows(absl::StrCat("card_history WHERE card_id = ", card_id,
                                  " AND to_state = ",
                                  static_cast<int>(v1::CARD_STATE_CANCELLED))),
            1);
}

TEST_F(CardServiceTest, WatchEventsStreamsEveryChangeInOrder) {
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  ActivatedCard(member);
  auto city = CityCards();
  auto context = city.Context();
  v1::WatchEventsRequest request;
  auto reader = city.stub().WatchEvents(context.get(), request);
  std::vector<v1::CardState> states;
  v1::CardEvent event;
  int64_t last = 0;
  while (states.size() < 4 && reader->Read(&event)) {
    EXPECT_EQ(event.sequence(), last + 1);
    last = event.sequence();
    EXPECT_EQ(event.member_id(), member);
    states.push_back(event.state());
  }
  context->TryCancel();
  EXPECT_EQ(states, (std::vector<v1::CardState>{
                        v1::CARD_STATE_REQUESTED, v1::CARD_STATE_SUBMITTED,
                        v1::CARD_STATE_ISSUED, v1::CARD_STATE_ACTIVATED}));
  // County staff cannot watch the whole city.
  auto county = CountyCards("huanghua");
  auto county_context = county.Context();
  auto refused = county.stub().WatchEvents(county_context.get(), request);
  EXPECT_FALSE(refused->Read(&event));
  EXPECT_EQ(refused->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CardServiceTest, CardChangesReachTheBank) {
  StartCardSvc();
  const int64_t member = ApprovedMember(unit_, 1);
  const int64_t card_id = ActivatedCard(member);
  auto county = CountyCards("huanghua");
  using Action = bank::v1::ChangeCardRequest;
  auto told = [&](Action::Action action) {
    return Eventually([&] { return bank_->LastOrderFor(card_id) == action; });
  };
  ASSERT_TRUE(county.Change(&Stub::FreezeCard, card_id, "核查").ok());
  EXPECT_TRUE(told(Action::ACTION_FREEZE));
  ASSERT_TRUE(county.Change(&Stub::UnfreezeCard, card_id).ok());
  EXPECT_TRUE(told(Action::ACTION_UNFREEZE));
  ASSERT_TRUE(county.Change(&Stub::ReportCardLost, card_id).ok());
  EXPECT_TRUE(told(Action::ACTION_REPORT_LOST));
  EXPECT_EQ(bank_->card_orders(), 3);

  // A card the bank never saw: nothing to tell it.
  const int64_t second = ApprovedMember(unit_, 2);
  auto requested = county.Request(second);
  ASSERT_TRUE(requested.ok());
  ASSERT_TRUE(county.Change(&Stub::CancelCard, requested->id(), "撤销").ok());

  // Membership ended in member-svc: cancelled, and the bank told.
  const int64_t third = ApprovedMember(unit_, 3);
  const int64_t third_card = ActivatedCard(third);
  member::v1::EndMembershipRequest end;
  end.set_member_id(third);
  end.set_reason(member::v1::END_REASON_DECEASED);
  member::v1::Member out;
  auto staff = CountyStaff("huanghua");
  auto context = staff.Context();
  ASSERT_TRUE(staff.members().EndMembership(context.get(), end, &out).ok());
  EXPECT_TRUE(Eventually([&] {
    return bank_->LastOrderFor(third_card) == Action::ACTION_CANCEL;
  }));
  EXPECT_EQ(bank_->card_orders(), 4);
  EXPECT_EQ(CardRows("bank_card_orders WHERE sent_at IS NULL"), 0);
}

TEST_F(CardServiceTest, TransactionsAreStoredOnceAndFollowTheFeed) {
  banksim::BankSimOptions bank;
  bank.duplicate_rate = 0.5;
  bank.merchant_ids = {"m-001", "m-002"};
  StartCardSvc(bank);
  ActivatedCard(ApprovedMember(unit_, 1));
  ActivatedCard(ApprovedMember(unit_, 2));
  ASSERT_EQ(bank_->EmitTransactions(30), 30);
  ASSERT_TRUE(Eventually([&] {
    return bank_->notifications_pending() == 0 &&
           CardRows("card_transactions") == 30;
  }));
  // The duplicates were sent and answered, and stored nothing.
  EXPECT_EQ(CardRows("card_transactions"), 30);

  v1::ListCardTransactionsRequest list;
  list.set_org_id(unit_.id());
  list.set_page_size(20);
  int64_t total = 0;
  int seen = 0;
  auto county = CountyCards("huanghua");
  do {
    auto page = county.Call(&Stub::ListCardTransactions, list);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& t : page->transactions()) {
      ++seen;
      total += t.transaction().amount_fen();
      EXPECT_EQ(t.county_id(), "huanghua");
    }
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(seen, 30);
  int64_t db_total = 0;
  ASSERT_TRUE(card_db_.pool()
                  .Run([&](sql::Connection& c) {
                    std::unique_ptr<sql::ResultSet> r(
                        std::unique_ptr<sql::Statement>(c.createStatement())
                            ->executeQuery("SELECT SUM(amount_fen) FROM "
                                           "card_transactions"));
                    r->next();
                    db_total = r->getInt64(1);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(total, db_total);
  v1::ListCardTransactionsRequest theirs;
  theirs.set_org_id(unit_.id());
  EXPECT_EQ(CountyCards("cangxian")
                .Call(&Stub::ListCardTransactions, theirs)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);

  // On the change feed, after the cards' own events.
  auto city = CityCards();
  auto context = city.Context();
  auto reader = city.stub().WatchEvents(context.get(), {});
  v1::CardEvent event;
  int transactions = 0;
  while (transactions < 30 && reader->Read(&event)) {
    if (event.kind() == v1::CardEvent::KIND_TRANSACTION) {
      ++transactions;
      EXPECT_GT(event.transaction().amount_fen(), 0);
      EXPECT_FALSE(event.transaction().bank_merchant_id().empty());
    }
  }
  context->TryCancel();
  EXPECT_EQ(transactions, 30);
}

TEST_F(CardServiceTest, BatchesAreListedNewestFirstInTheCallersUnit) {
  StartCardSvc();
  std::vector<int64_t> ids;
  for (int i = 1; i <= 3; ++i) {
    auto batch = CountyCards("huanghua")
                     .CreateBatch(unit_.id(), {ApprovedMember(unit_, i)});
    ASSERT_TRUE(batch.ok()) << batch.status();
    ids.push_back(batch->id());
  }
  v1::ListIssuanceBatchesRequest request;
  request.set_org_id(unit_.id());
  request.set_page_size(2);
  auto first =
      CountyCards("huanghua").Call(&Stub::ListIssuanceBatches, request);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->batches_size(), 2);
  EXPECT_EQ(first->batches(0).id(), ids[2]);
  EXPECT_EQ(first->batches(1).id(), ids[1]);
  EXPECT_EQ(first->batches(0).members(), 1);
  EXPECT_EQ(first->batches(0).items_size(), 0);  // counts only in lists
  request.set_page_token(first->next_page_token());
  auto second =
      CountyCards("huanghua").Call(&Stub::ListIssuanceBatches, request);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->batches_size(), 1);
  EXPECT_EQ(second->batches(0).id(), ids[0]);
  EXPECT_TRUE(second->next_page_token().empty());

  v1::ListIssuanceBatchesRequest theirs;
  theirs.set_org_id(unit_.id());
  EXPECT_EQ(CountyCards("cangxian")
                .Call(&Stub::ListIssuanceBatches, theirs)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  auto own =
      CountyCards("cangxian")
          .Call(&Stub::ListIssuanceBatches, v1::ListIssuanceBatchesRequest());
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->batches_size(), 0);
}

TEST_F(CardServiceTest, TheMonthlyRosterAddsAndRemovesOnTheBanksDates) {
  // bank-sim takes the applications but would issue only in an hour: the
  // test speaks for the bank itself, with the bank's certificate, and
  // replays issue dates in September and October.
  banksim::BankSimOptions slow;
  slow.issue_delay = absl::Hours(1);
  StartCardSvc(slow);
  const int64_t a = ApprovedMember(unit_, 1);
  const int64_t b = ApprovedMember(unit_, 2);
  auto batch = CountyCards("huanghua").CreateBatch(unit_.id(), {a, b});
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_TRUE(
      Eventually([&] { return CardRows("cards WHERE state = 2") == 2; }));
  auto bank_side = bank::v1::BankNotifications::NewStub(rpc::MakeChannel(
      absl::StrCat("127.0.0.1:", card_server_->bank_port()),
      *rpc::MutualTlsChannelCredentials(testing::BankCerts::Tls("bank-sim"))));
  const absl::TimeZone china = absl::FixedTimeZone(8 * 3600);
  bank::v1::NotifyCardsRequest news;
  for (const auto& [item, day] : std::vector<std::pair<int, absl::CivilDay>>{
           {0, absl::CivilDay(2026, 9, 15)},
           {1, absl::CivilDay(2026, 10, 10)}}) {
    bank::v1::CardNotification* n = news.add_notifications();
    n->set_notification_id(absl::StrCat("replay-", item));
    n->set_card_id(batch->items(item).card_id());
    n->set_kind(bank::v1::CardNotification::KIND_ISSUED);
    n->set_bank_token(absl::StrCat("replay-token-", item));
    n->set_last4("1234");
    n->set_expiry("2031-09");
    n->mutable_time()->set_seconds(
        absl::ToUnixSeconds(absl::FromCivil(day + 0, china)));
  }
  bank::v1::NotificationAcks acks;
  grpc::ClientContext context;
  ASSERT_TRUE(bank_side->NotifyCards(&context, news, &acks).ok());
  for (const auto& ack : acks.acks()) EXPECT_EQ(ack.code(), 0) << ack.message();
  // Member a's card is cancelled today.
  ASSERT_TRUE(
      CountyCards("huanghua")
          .Change(&Stub::CancelCard, batch->items(0).card_id(), "本人申请")
          .ok());

  auto roster = [&](const std::string& month) {
    v1::GetInsuranceRosterRequest r;
    r.set_month(month);
    return CityCards().Call(&Stub::GetInsuranceRoster, r);
  };
  auto october = roster("2026-10");
  ASSERT_TRUE(october.ok()) << october.status();
  EXPECT_EQ(std::vector<int64_t>(october->additions().begin(),
                                 october->additions().end()),
            std::vector<int64_t>{b});
  EXPECT_EQ(october->removals_size(), 0);
  EXPECT_EQ(october->insured(), 2);
  const std::string this_month = absl::FormatCivilTime(
      absl::CivilMonth(absl::ToCivilDay(absl::Now(), china)));
  auto now = roster(this_month);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->additions_size(), 0);
  EXPECT_EQ(
      std::vector<int64_t>(now->removals().begin(), now->removals().end()),
      std::vector<int64_t>{a});
  EXPECT_EQ(now->insured(), 1);
  EXPECT_EQ(roster("2026-13").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CardServiceTest, DormantCardsAreListedPerUnionForFollowUp) {
  // bank-sim activates nobody; the test activates one card itself.
  banksim::BankSimOptions bank;
  bank.activation_share = 0;
  bank.merchant_ids = {"m-1"};
  StartCardSvc(bank);
  const std::vector<int64_t> members = Approved(3);
  auto batch = CountyCards("huanghua").CreateBatch(unit_.id());
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(
      Eventually([&] { return CardRows("cards WHERE state = 3") == 3; }));

  v1::ListDormantCardsRequest request;
  request.set_kind(v1::DORMANT_KIND_ISSUED_NOT_ACTIVATED);
  request.set_days(30);
  auto recent = CountyCards("huanghua").Call(&Stub::ListDormantCards, request);
  ASSERT_TRUE(recent.ok()) << recent.status();
  EXPECT_EQ(recent->total(), 0);  // issued just now: not 30 days yet
  request.set_days(0);            // the default, 30
  EXPECT_EQ(
      CountyCards("huanghua").Call(&Stub::ListDormantCards, request)->total(),
      0);
  // Issued long ago: make the bank's issue date 40 days back.
  ASSERT_TRUE(card_db_.pool()
                  .Run([](sql::Connection& c) {
                    std::unique_ptr<sql::Statement>(c.createStatement())
                        ->execute(
                            "UPDATE cards SET issued_at = "
                            "issued_at - INTERVAL 40 DAY");
                    return absl::OkStatus();
                  })
                  .ok());
  request.set_days(30);
  auto old = CountyCards("huanghua").Call(&Stub::ListDormantCards, request);
  ASSERT_TRUE(old.ok());
  ASSERT_EQ(old->unions_size(), 1);
  EXPECT_EQ(old->unions(0).org_id(), unit_.id());
  EXPECT_EQ(old->unions(0).cards(), 3);
  EXPECT_EQ(std::vector<int64_t>(old->unions(0).member_ids().begin(),
                                 old->unions(0).member_ids().end()),
            members);
  EXPECT_EQ(
      CountyCards("cangxian").Call(&Stub::ListDormantCards, request)->total(),
      0);  // its own unit: nothing there
  request.set_kind(v1::DORMANT_KIND_UNSPECIFIED);
  EXPECT_EQ(CountyCards("huanghua")
                .Call(&Stub::ListDormantCards, request)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CardServiceTest, ActivatedCardsNeverUsedAreListed) {
  banksim::BankSimOptions bank;
  bank.merchant_ids = {"m-1"};
  StartCardSvc(bank);
  Approved(3);
  auto batch = CountyCards("huanghua").CreateBatch(unit_.id());
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(
      Eventually([&] { return CardRows("cards WHERE state = 4") == 3; }));
  v1::ListDormantCardsRequest request;
  request.set_kind(v1::DORMANT_KIND_ACTIVATED_NEVER_USED);
  EXPECT_EQ(CityCards().Call(&Stub::ListDormantCards, request)->total(), 3);
  ASSERT_EQ(bank_->EmitTransactions(1), 1);
  ASSERT_TRUE(Eventually([&] { return CardRows("card_transactions") == 1; }));
  auto after = CityCards().Call(&Stub::ListDormantCards, request);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->total(), 2);
  EXPECT_EQ(after->unions(0).cards(), 2);
}

}  // namespace
}  // namespace unioncard::card
