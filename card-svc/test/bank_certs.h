#ifndef UNIONCARD_CARD_SVC_TEST_BANK_CERTS_H_
#define UNIONCARD_CARD_SVC_TEST_BANK_CERTS_H_

#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/grpc/mutual_tls.h"
#include "gtest/gtest.h"

namespace unioncard::card::testing {

// The bank link's certificates for a test suite, made by the same script
// as for local runs (deploy/local/make-certs.sh): a CA, card-svc and
// bank-sim. Needs UNIONCARD_SOURCE_DIR defined for the test target.
class BankCerts {
 public:
  // In SetUpTestSuite.
  static void Make() {
    dir_ = ::testing::TempDir() + "/bankcerts-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    ASSERT_EQ(std::system(absl::StrCat(UNIONCARD_SOURCE_DIR,
                                       "/deploy/local/make-certs.sh ", dir_,
                                       " card-svc bank-sim >/dev/null 2>&1")
                              .c_str()),
              0);
  }
  // In TearDownTestSuite.
  static void Remove() { std::filesystem::remove_all(dir_); }

  static rpc::TlsFiles Tls(const std::string& name) {
    return {dir_ + "/ca.crt", dir_ + "/" + name + ".crt",
            dir_ + "/" + name + ".key"};
  }

 private:
  static inline std::string dir_;
};

}  // namespace unioncard::card::testing

#endif  // UNIONCARD_CARD_SVC_TEST_BANK_CERTS_H_
