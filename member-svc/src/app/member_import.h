#ifndef UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_IMPORT_H_
#define UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_IMPORT_H_

#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/principal.h"
#include "member-svc/src/app/member_changes.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member_validation.h"
#include "member-svc/src/store/member_store.h"

namespace unioncard::member {

// One row of an import file, as sent (docs/rules.md §3.2).
struct ImportRowInput {
  int row_number = 0;
  std::string grassroots_code;  // empty: the file's default union
  std::string name;
  std::string id_number;
  std::string mobile;
  std::string employer;
  std::string migrant_worker;  // 是/否, yes/no, …
  std::string join_date;
};

// Told each batch of rows once it is committed, in file order, with every
// row's outcome. An error (the client gone) stops the import; what was
// committed stays, and a re-import of the same file is safe.
using AnswerImportBatch =
    std::function<absl::Status(const std::vector<ImportCandidate>& rows)>;

// One file imported by one caller: each row is checked on its own as it
// comes (Add), the good ones are written a batch per transaction on worker
// threads while the next batch is read, and each batch is answered once
// it is committed. A row failing fails itself, not the import; the
// database failing stops it.
class ImportRun {
 public:
  ImportRun(const MemberChanges* changes, MemberStore* members,
            const MemberPolicy* rules, const auth::Principal& caller,
            std::string source_name, std::string default_org_id,
            absl::CivilDay today, std::function<void()> appended,
            AnswerImportBatch answer);
  ImportRun(const ImportRun&) = delete;
  ImportRun& operator=(const ImportRun&) = delete;
  // Waits for the writes still running (their rows are not answered).
  ~ImportRun() = default;

  absl::Status Add(const ImportRowInput& in);
  // Writes and answers the rest; the last answer is given even for a file
  // of no rows, so every import ends with its totals.
  absl::Status Finish();

 private:
  using Batch = std::vector<ImportCandidate>;
  struct Write {
    std::unique_ptr<Batch> rows;
    std::set<std::string> people;  // ID numbers of its valid rows
    std::future<absl::Status> done;
  };

  absl::StatusOr<OrgUnit>& UnionFor(const std::string& code);
  absl::Status StartWrite();
  absl::Status FinishOldest();
  absl::Status FinishAll();

  const MemberChanges* changes_;
  MemberStore* members_;
  const MemberPolicy* rules_;
  const auth::Principal& caller_;
  const std::string source_name_;
  const std::string default_org_id_;
  const absl::CivilDay today_;
  std::function<void()> appended_;
  AnswerImportBatch answer_;
  // Unions named in the file, looked up once each.
  std::map<std::string, absl::StatusOr<OrgUnit>> unions_;
  std::unique_ptr<Batch> batch_;
  // Last, so that its futures (which read the members above) are waited
  // for first when the run ends early.
  std::deque<Write> in_flight_;
};

// MemberService.ImportMembers' use case: who may import, and a run per
// file.
class MemberImport {
 public:
  MemberImport(const MemberChanges* changes, MemberStore* members,
               const AccessPolicy* policy, const MemberPolicy* rules,
               std::function<void()> appended)
      : changes_(changes),
        members_(members),
        policy_(policy),
        rules_(rules),
        appended_(std::move(appended)) {}

  // Only roles that register members may stream a file; whether each row's
  // union is the caller's is answered per row.
  absl::Status CheckImporter(const auth::Principal& caller) const;

  std::unique_ptr<ImportRun> Start(const auth::Principal& caller,
                                   std::string source_name,
                                   std::string default_org_id,
                                   absl::CivilDay today,
                                   AnswerImportBatch answer) const;

 private:
  const MemberChanges* changes_;
  MemberStore* members_;
  const AccessPolicy* policy_;
  const MemberPolicy* rules_;
  std::function<void()> appended_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_APP_MEMBER_IMPORT_H_
