// hypercall/baremetal/console_input_test.cc -- the rules of one console
// read (console_input.h), driven on the host by a scripted UART: what a
// read returns for each way the bytes can be split between reads.
#include "hypercall/baremetal/console_input.h"

#include <gtest/gtest.h>

#include <string>

namespace hc_bm {
namespace {

// The bytes the UART holds, and the reads of a program, as console.cc
// makes them: a read waits for the first byte (here: takes it, or the test
// is over), then takes what is held.
class ScriptedConsole {
 public:
  // Makes (bytes) what the UART holds; a read then sees them all at once.
  void Arrive(const std::string& bytes) { held_ += bytes; }

  // One read of up to (len) bytes, as hc_read(0) does it, or -1 where
  // hc_read(0) would wait: no byte is held.
  long Read(size_t len, std::string* out) {
    out->clear();
    if (len == 0 || input_.ended()) return 0;
    if (held_.empty()) return -1;  // the read would wait
    const char first = held_[0];
    held_.erase(0, 1);
    char buf[64];
    const size_t n = input_.take(first, buf, len, [this](char* c) {
      if (held_.empty()) return false;
      *c = held_[0];
      held_.erase(0, 1);
      return true;
    });
    out->assign(buf, n);
    return static_cast<long>(n);
  }

 private:
  ConsoleInput input_;
  std::string held_;
};

TEST(ConsoleInput, ReadTakesWhatIsHeldUpToLen) {
  ScriptedConsole con;
  std::string got;
  con.Arrive("hello");
  EXPECT_EQ(con.Read(3, &got), 3);
  EXPECT_EQ(got, "hel");
  EXPECT_EQ(con.Read(64, &got), 2);
  EXPECT_EQ(got, "lo");
  EXPECT_EQ(con.Read(64, &got), -1);  // nothing held: the read waits
}

TEST(ConsoleInput, CarriageReturnBecomesNewline) {
  ScriptedConsole con;
  std::string got;
  con.Arrive("a\rb\r\nc");
  EXPECT_EQ(con.Read(64, &got), 6);
  EXPECT_EQ(got, "a\nb\n\nc");
}

TEST(ConsoleInput, EndOfInputFirstReturnsZeroForGood) {
  ScriptedConsole con;
  std::string got;
  con.Arrive("\x04more");
  EXPECT_EQ(con.Read(64, &got), 0);
  // Nothing after the end is read, and no read waits (-1) again.
  EXPECT_EQ(con.Read(64, &got), 0);
  EXPECT_EQ(con.Read(64, &got), 0);
}

TEST(ConsoleInput, EndOfInputAfterDataEndsThatReadThenEveryReadReturnsZero) {
  ScriptedConsole con;
  std::string got;
  con.Arrive(
      "ab\x04"
      "cd");
  EXPECT_EQ(con.Read(64, &got), 2);
  EXPECT_EQ(got, "ab");
  // Without waiting for a byte, even though "cd" is held.
  EXPECT_EQ(con.Read(64, &got), 0);
  EXPECT_EQ(con.Read(64, &got), 0);
}

TEST(ConsoleInput, EndOfInputRightAfterAFullReadIsSeenByTheNextRead) {
  ScriptedConsole con;
  std::string got;
  con.Arrive("abc\x04");
  EXPECT_EQ(con.Read(3, &got), 3);  // the ^D is still held
  EXPECT_EQ(con.Read(3, &got), 0);
  EXPECT_EQ(con.Read(3, &got), 0);  // nothing held, and no wait
}

// hcall's ^D at the end of its stdin is the last byte QEMU gets: a program
// that reads to the end twice (a second fgets loop after clearerr) must
// not wait for input that never comes.
TEST(ConsoleInput, ReadsAfterTheEndNeverWait) {
  ScriptedConsole con;
  std::string got;
  con.Arrive("x\x04");
  EXPECT_EQ(con.Read(64, &got), 1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(con.Read(64, &got), 0) << i;
  con.Arrive("late");  // a byte after the end is never data either
  EXPECT_EQ(con.Read(64, &got), 0);
}

TEST(ConsoleInput, ZeroLengthReadTakesNothing) {
  ScriptedConsole con;
  std::string got;
  con.Arrive("z");
  EXPECT_EQ(con.Read(0, &got), 0);
  EXPECT_EQ(con.Read(64, &got), 1);
  EXPECT_EQ(got, "z");
}

}  // namespace
}  // namespace hc_bm
