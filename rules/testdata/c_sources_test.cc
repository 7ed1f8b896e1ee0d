// c_sources_test.cc -- a C++ test linked with a C source of the same target.
#include "rules/testdata/sum.h"
#include "test/harness/hctest.h"

namespace {

TEST(CSources, CallsTheCFunction) {
  const int v[] = {1, 2, 3, 40};
  EXPECT_EQ(rules_testdata_sum(v, 4), 46);
  EXPECT_EQ(rules_testdata_sum(v, 0), 0);
}

}  // namespace
