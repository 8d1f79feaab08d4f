#ifndef UNIONCARD_CARD_SVC_SRC_APP_CARD_READS_H_
#define UNIONCARD_CARD_SVC_SRC_APP_CARD_READS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "card-svc/src/app/member_directory.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/domain/insurance_coverage.h"
#include "card-svc/src/store/card_queries.h"
#include "card-svc/src/store/card_store.h"
#include "card-svc/src/store/transaction_store.h"
#include "common/auth/principal.h"

namespace unioncard::card {

// A card with its changes, oldest first.
struct CardWithHistory {
  CardRecord card;
  std::vector<CardChangeRecord> history;
};

// Whether a member is insured on a day, and every span of their cover.
struct MemberCoverage {
  absl::CivilDay day;
  bool covered = false;
  std::vector<CoverageSpan> spans;
};

// One county's card figures for a period (docs/rules.md §4.8).
struct CountyCardFigures {
  int64_t first_cards_issued = 0;  // in the period
  int64_t activated = 0;           // by the period's last day
  int64_t live = 0;                // on the period's last day
};

// CardService's reads (docs/rules.md §4.9): each checks what the caller
// may read — staff their unit and below, a member their own cards — and
// asks the stores. A list's `org_id` ("": the caller's unit) is looked up
// in member-svc and narrows the store's filter to it.
class CardReads {
 public:
  CardReads(CardStore* cards, CardQueries* queries,
            TransactionStore* transactions, const MemberDirectory* members,
            CardAccess access = {},
            std::function<absl::Time()> clock = absl::Now)
      : cards_(cards),
        queries_(queries),
        transactions_(transactions),
        members_(members),
        access_(access),
        clock_(std::move(clock)) {}

  absl::StatusOr<CardRecord> Get(const auth::Principal& caller,
                                 int64_t card_id) const;

  // Cards by id above `after_id`, at most `limit`, in `filter`'s state.
  absl::StatusOr<std::vector<CardRecord>> List(const auth::Principal& caller,
                                               const std::string& org_id,
                                               CardListFilter filter,
                                               int64_t after_id,
                                               int limit) const;

  // The member's cards, oldest first, each with its history.
  absl::StatusOr<std::vector<CardWithHistory>> MemberCards(
      const auth::Principal& caller, int64_t member_id) const;

  // The member's insurance cover; `day` none: today in China.
  absl::StatusOr<MemberCoverage> Coverage(
      const auth::Principal& caller, int64_t member_id,
      std::optional<absl::CivilDay> day) const;

  // Per county the caller covers, for the days `from` through `to`.
  absl::StatusOr<std::map<std::string, CountyCardFigures>> Statistics(
      const auth::Principal& caller, absl::CivilDay from,
      absl::CivilDay to) const;

  // The insurer's roster of `month`: city-wide roles only.
  absl::StatusOr<StoredRoster> Roster(const auth::Principal& caller,
                                      absl::CivilMonth month) const;

  // Transactions by id above `after_id`, at most `limit`.
  absl::StatusOr<std::vector<StoredTransaction>> Transactions(
      const auth::Principal& caller, const std::string& org_id,
      TransactionFilter filter, int64_t after_id, int limit) const;

  // Cards issued and never activated (or, `never_used`, activated and
  // never used) for more than `days`, per union; the first 200 members of
  // each.
  absl::StatusOr<std::vector<DormantUnionCards>> Dormant(
      const auth::Principal& caller, const std::string& org_id, bool never_used,
      int days) const;

  // The change feed spans the whole city: only city-wide readers.
  absl::Status CheckFeedReader(const auth::Principal& caller) const;

 private:
  // PERMISSION_DENIED unless the caller may read this member's cards;
  // asks member-svc where the member is when card-svc has no card of them.
  absl::Status CheckMemberReadable(const auth::Principal& caller,
                                   int64_t member_id,
                                   const std::vector<CardRecord>& cards) const;

  CardStore* cards_;
  CardQueries* queries_;
  TransactionStore* transactions_;
  const MemberDirectory* members_;
  CardAccess access_;
  std::function<absl::Time()> clock_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_READS_H_
