// Tests of format/text.h on every platform (GoogleTest on Linux, hctest on
// bare metal): each piece's text, truncation in a window without a drain
// (the manifest's fixed buffer), and a drained window that hands over
// every byte in order (the deadlock report), Flush included.
#include "format/text.h"

#include <stddef.h>
#include <stdint.h>

#include "format/printf_core.h"
#include "test/harness/hctest.h"

namespace {

using hcall::format::Sink;
using hcall::format::TextOut;

// A window of (cap) bytes over (buf), NUL-terminated by the caller.
Sink Window(char* buf, size_t cap) {
  return Sink{buf, cap, 0, 0, nullptr, nullptr};
}

TEST(Text, EachPiece) {
  char buf[128] = {};
  Sink s = Window(buf, sizeof(buf) - 1);
  TextOut out(&s);
  out.Str("a=").Dec(0).Str(" b=").Dec(UINT64_MAX).Str(" c=");
  out.Signed(INT64_MIN).Str(" d=").Signed(-7).Str(" e=").Hex(0);
  out.Str(" f=").Hex(0xdeadbeef);
  buf[s.pos] = '\0';
  EXPECT_STREQ(buf,
               "a=0 b=18446744073709551615 c=-9223372036854775808 d=-7 "
               "e=0x0 f=0xdeadbeef");
  EXPECT_EQ(s.total, s.pos);
}

TEST(Text, TruncatesInAFullWindowWithoutADrain) {
  char buf[8] = {};
  Sink s = Window(buf, 5);
  TextOut out(&s);
  out.Str("abc").Hex(0x1234).Dec(99);
  EXPECT_EQ(s.pos, 5u);
  buf[s.pos] = '\0';
  EXPECT_STREQ(buf, "abc0x");
  EXPECT_EQ(s.total, 11u) << "every byte is counted, stored or not";
  out.Flush();
  EXPECT_EQ(s.pos, 5u) << "Flush without a drain keeps the window";
}

// Collects what a drain hands over.
struct Collected {
  char text[64];
  size_t len;
  int calls;
};

void Collect(void* ctx, const char* bytes, size_t len) {
  Collected* c = static_cast<Collected*>(ctx);
  for (size_t i = 0; i < len && c->len + 1 < sizeof(c->text); ++i) {
    c->text[c->len++] = bytes[i];
  }
  c->text[c->len] = '\0';
  ++c->calls;
}

TEST(Text, DrainedWindowHandsOverEveryByteInOrder) {
  Collected c{};
  char window[4];
  Sink s{window, sizeof(window), 0, 0, &Collect, &c};
  TextOut out(&s);
  out.Str("fiber ").Dec(12).Str(" waits on ").Hex(0xab);
  out.Flush();
  EXPECT_STREQ(c.text, "fiber 12 waits on 0xab");
  EXPECT_EQ(s.pos, 0u);
  const int calls = c.calls;
  out.Flush();
  EXPECT_EQ(c.calls, calls) << "an empty window is not drained";
}

}  // namespace
