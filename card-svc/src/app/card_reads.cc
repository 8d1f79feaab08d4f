#include "card-svc/src/app/card_reads.h"

#include "card-svc/src/app/org_scope.h"
#include "common/status/macros.h"
#include "common/time/china_time.h"

namespace unioncard::card {
namespace {

std::string PathOf(const CardRecord& card) {
  return CardOrgPath(card.county_id, card.org_id);
}

constexpr int kDormantMembersPerUnion = 200;

}  // namespace

absl::StatusOr<CardRecord> CardReads::Get(const auth::Principal& caller,
                                          int64_t card_id) const {
  ASSIGN_OR_RETURN(CardRecord card, cards_->Get(card_id));
  RETURN_IF_ERROR(access_.CheckRead(caller, PathOf(card), card.member_id));
  return card;
}

absl::StatusOr<std::vector<CardRecord>> CardReads::List(
    const auth::Principal& caller, const std::string& org_id,
    CardListFilter filter, int64_t after_id, int limit) const {
  ASSIGN_OR_RETURN(CardScope scope,
                   ReadableCardScope(*members_, access_, caller, org_id));
  filter.county_id = scope.county_id;
  filter.org_id = scope.org_id;
  return queries_->List(filter, after_id, limit);
}

absl::Status CardReads::CheckMemberReadable(
    const auth::Principal& caller, int64_t member_id,
    const std::vector<CardRecord>& cards) const {
  if (!cards.empty()) {
    return access_.CheckRead(caller, PathOf(cards.back()), member_id);
  }
  ASSIGN_OR_RETURN(member::v1::Member member, members_->GetMember(member_id));
  return access_.CheckRead(
      caller, CardOrgPath(member.county_id(), member.org_id()), member_id);
}

absl::StatusOr<std::vector<CardWithHistory>> CardReads::MemberCards(
    const auth::Principal& caller, int64_t member_id) const {
  ASSIGN_OR_RETURN(std::vector<CardRecord> cards, cards_->CardsOf(member_id));
  RETURN_IF_ERROR(CheckMemberReadable(caller, member_id, cards));
  std::vector<CardWithHistory> out;
  out.reserve(cards.size());
  for (CardRecord& card : cards) {
    ASSIGN_OR_RETURN(std::vector<CardChangeRecord> history,
                     queries_->History(card.id));
    out.push_back({std::move(card), std::move(history)});
  }
  return out;
}

absl::StatusOr<MemberCoverage> CardReads::Coverage(
    const auth::Principal& caller, int64_t member_id,
    std::optional<absl::CivilDay> day) const {
  ASSIGN_OR_RETURN(std::vector<CardRecord> cards, cards_->CardsOf(member_id));
  RETURN_IF_ERROR(CheckMemberReadable(caller, member_id, cards));
  ASSIGN_OR_RETURN(std::vector<CardFacts> facts,
                   cards_->CardFactsOf(member_id));
  MemberCoverage coverage;
  coverage.day = day ? *day : absl::ToCivilDay(clock_(), ChinaTime());
  coverage.covered = CoveredOn(facts, coverage.day);
  coverage.spans = CoverageOf(facts);
  return coverage;
}

absl::StatusOr<std::map<std::string, CountyCardFigures>> CardReads::Statistics(
    const auth::Principal& caller, absl::CivilDay from,
    absl::CivilDay to) const {
  RETURN_IF_ERROR(access_.CheckStatistics(caller));
  ASSIGN_OR_RETURN(auto first, cards_->FirstCardsIssued(
                                   absl::FromCivil(from, ChinaTime()),
                                   absl::FromCivil(to + 1, ChinaTime())));
  ASSIGN_OR_RETURN(auto counts, queries_->CountsOnDay(to));
  std::map<std::string, CountyCardFigures> by_county;
  for (const auto& [county, n] : first) {
    by_county[county].first_cards_issued = n;
  }
  for (const auto& [county, c] : counts) {
    by_county[county].activated = c.activated;
    by_county[county].live = c.live;
  }
  for (auto it = by_county.begin(); it != by_county.end();) {
    it = caller.Covers(CardOrgPath(it->first, "")) ? std::next(it)
                                                   : by_county.erase(it);
  }
  return by_county;
}

absl::StatusOr<StoredRoster> CardReads::Roster(const auth::Principal& caller,
                                               absl::CivilMonth month) const {
  RETURN_IF_ERROR(access_.CheckInsuranceRoster(caller));
  return queries_->Roster(month);
}

absl::StatusOr<std::vector<StoredTransaction>> CardReads::Transactions(
    const auth::Principal& caller, const std::string& org_id,
    TransactionFilter filter, int64_t after_id, int limit) const {
  ASSIGN_OR_RETURN(CardScope scope,
                   ReadableCardScope(*members_, access_, caller, org_id));
  filter.county_id = scope.county_id;
  filter.org_id = scope.org_id;
  return transactions_->List(filter, after_id, limit);
}

absl::StatusOr<std::vector<DormantUnionCards>> CardReads::Dormant(
    const auth::Principal& caller, const std::string& org_id, bool never_used,
    int days) const {
  ASSIGN_OR_RETURN(CardScope scope,
                   ReadableCardScope(*members_, access_, caller, org_id));
  CardListFilter filter;
  filter.county_id = scope.county_id;
  filter.org_id = scope.org_id;
  return queries_->Dormant(filter, never_used,
                           clock_() - absl::Hours(24) * days,
                           kDormantMembersPerUnion);
}

absl::Status CardReads::CheckFeedReader(const auth::Principal& caller) const {
  return access_.CheckRead(caller, "/city/");
}

}  // namespace unioncard::card
