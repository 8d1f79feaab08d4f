#ifndef UNIONCARD_MEMBER_SVC_SRC_STORE_HELP_DESK_STORE_H_
#define UNIONCARD_MEMBER_SVC_SRC_STORE_HELP_DESK_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"
#include "member-svc/src/domain/help_desk.h"

namespace unioncard::member {

struct HelpRequestFilter {
  int64_t member_id = 0;  // one member's, or …
  std::string county_id;  // … one county's; neither: every county
  std::optional<HelpState> state;
  int64_t before_id = 0;  // newest first; 0 = from the newest
  int limit = 50;
};

// What a clerk's action does: decided on the locked current row.
struct HelpChange {
  HelpState state;
  std::optional<std::string> answer;
};
using DecideHelpChange =
    std::function<absl::StatusOr<HelpChange>(const HelpRequestRecord& current)>;

// Help requests and notices in MySQL; each change with its audit row, each
// creation once per request id.
class HelpDeskStore {
 public:
  explicit HelpDeskStore(db::ConnectionPool* pool) : pool_(pool) {}

  // `request` carries the member, their union and the text; id, state and
  // times are set here.
  absl::StatusOr<HelpRequestRecord> Submit(const auth::Principal& caller,
                                           const std::string& request_id,
                                           const HelpRequestRecord& request);
  // NOT_FOUND naming the id.
  absl::StatusOr<HelpRequestRecord> Get(int64_t id);
  absl::StatusOr<std::vector<HelpRequestRecord>> List(
      const HelpRequestFilter& filter);
  // Locks the request, asks `decide`, writes the change and its audit row.
  absl::StatusOr<HelpRequestRecord> Act(const auth::Principal& caller,
                                        int64_t id, const std::string& action,
                                        const DecideHelpChange& decide);

  absl::StatusOr<NoticeRecord> Publish(const auth::Principal& caller,
                                       const std::string& request_id,
                                       const NoticeRecord& notice);
  // Notices of these owners ("city", a county), newest first.
  absl::StatusOr<std::vector<NoticeRecord>> ListNotices(
      const std::vector<std::string>& owners, int64_t before_id, int limit);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_STORE_HELP_DESK_STORE_H_
