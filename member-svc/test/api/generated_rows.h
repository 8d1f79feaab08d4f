#ifndef UNIONCARD_MEMBER_SVC_TEST_API_GENERATED_ROWS_H_
#define UNIONCARD_MEMBER_SVC_TEST_API_GENERATED_ROWS_H_

#include <string>

#include "absl/time/civil_time.h"
#include "member/v1/member.pb.h"
#include "tools/datagen/member_generator.h"

namespace unioncard::member::testing {

// A datagen member as the import row a clerk's file would give for it.
inline v1::ImportRow ToImportRow(const datagen::GeneratedMember& m,
                                 int row_number, const std::string& yes = "1",
                                 const std::string& no = "0") {
  v1::ImportRow row;
  row.set_row_number(row_number);
  row.set_grassroots_code(m.grassroots_code);
  row.set_name(m.name);
  row.set_id_number(m.id_number);
  row.set_mobile(m.mobile);
  row.set_employer(m.employer);
  row.set_migrant_worker(m.migrant_worker ? yes : no);
  row.set_join_date(absl::FormatCivilTime(m.join_date));
  return row;
}

}  // namespace unioncard::member::testing

#endif  // UNIONCARD_MEMBER_SVC_TEST_API_GENERATED_ROWS_H_
