#ifndef UNIONCARD_TESTS_LOAD_LOAD_PEOPLE_H_
#define UNIONCARD_TESTS_LOAD_LOAD_PEOPLE_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::testing {

// Person `n` of a load run, for the union `org_id`: a distinct valid ID
// number (the birth day moves on every 1,000 people) and mobile for every
// n below 10^8.
inline member::v1::RegisterMemberRequest LoadPerson(const std::string& org_id,
                                                    int64_t n) {
  const absl::CivilDay born = absl::CivilDay(1970, 1, 1) + n / 1000;
  member::v1::RegisterMemberRequest r;
  r.set_org_id(org_id);
  r.set_name("李明");
  r.set_id_number(member::testing::IdNumber(
      static_cast<int>(n % 1000),
      absl::FormatTime("%Y%m%d", absl::FromCivil(born, absl::UTCTimeZone()),
                       absl::UTCTimeZone())));
  r.set_mobile(absl::StrFormat("137%08d", n));
  r.set_join_date("2015-06-01");
  return r;
}

}  // namespace unioncard::testing

#endif  // UNIONCARD_TESTS_LOAD_LOAD_PEOPLE_H_
