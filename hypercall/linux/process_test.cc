// Tests of hc_exit and hc_abort on Linux (in child processes).
#include <signal.h>

#include <cstring>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace {

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(hc_linux::hosted_init(), HC_OK); }
};

TEST_F(ProcessTest, ExitReportsTheStatus) {
  EXPECT_EXIT(hc_exit(0), ::testing::ExitedWithCode(0), "");
  EXPECT_EXIT(hc_exit(7), ::testing::ExitedWithCode(7), "");
  EXPECT_EXIT(hc_exit(255), ::testing::ExitedWithCode(255), "");
}

TEST_F(ProcessTest, ExitKeepsTheLowEightBits) {
  EXPECT_EXIT(hc_exit(256 + 3), ::testing::ExitedWithCode(3), "");
  EXPECT_EXIT(hc_exit(-1), ::testing::ExitedWithCode(255), "");
}

TEST_F(ProcessTest, AbortRaisesSigabrt) {
  EXPECT_EXIT(hc_abort(), ::testing::KilledBySignal(SIGABRT), "");
}

void ignore(int) {}

TEST_F(ProcessTest, AbortIsFatalEvenWhenSigabrtIsCaughtAndBlocked) {
  auto caught_and_blocked = [] {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof(sa));
    sa.sa_handler = ignore;
    sigaction(SIGABRT, &sa, nullptr);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    hc_abort();
  };
  EXPECT_EXIT(caught_and_blocked(), ::testing::KilledBySignal(SIGABRT), "");
  auto ignored = [] {
    signal(SIGABRT, SIG_IGN);
    hc_abort();
  };
  EXPECT_EXIT(ignored(), ::testing::KilledBySignal(SIGABRT), "");
}

}  // namespace
