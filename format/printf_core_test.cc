// Tests of format/printf_core.h on every platform: the sink (bounded and
// draining), the spec parser (flags, width, precision, '*' arguments,
// lengths, 'q', overflow), argument fetching, and the layout of numbers and
// text. The engines built on it have their own golden tests
// (libc_shim/portable_format_test.cc, test/rumpuser/misc_test.cc).
#include "format/printf_core.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "test/harness/hctest.h"

namespace {

using hcall::format::EmitNumber;
using hcall::format::EmitText;
using hcall::format::Length;
using hcall::format::Number;
using hcall::format::ParseSpec;
using hcall::format::Sink;
using hcall::format::Spec;

// A bounded sink over a 64-byte buffer, NUL-terminated on Text().
struct Buffer {
  char bytes[64];
  Sink sink{bytes, sizeof(bytes) - 1, 0, 0, nullptr, nullptr};
  const char* Text() {
    bytes[sink.pos] = '\0';
    return bytes;
  }
};

// Parses the spec at the start of (text) with '*' arguments from "...";
// (*rest) is where parsing stopped.
bool Parse(Spec* spec, const char** rest, bool accept_q, const char* text,
           ...) {
  va_list ap;
  va_start(ap, text);
  va_list copy;
  va_copy(copy, ap);
  *rest = text;
  const bool ok = ParseSpec(rest, &copy, accept_q, spec);
  va_end(copy);
  va_end(ap);
  return ok;
}

TEST(PrintfCore, ParsesFlagsWidthPrecisionLength) {
  Spec s;
  const char* rest = nullptr;
  ASSERT_TRUE(Parse(&s, &rest, false, "-+ #012.5lld"));
  EXPECT_TRUE(s.left);
  EXPECT_TRUE(s.plus);
  EXPECT_TRUE(s.space);
  EXPECT_TRUE(s.alt);
  EXPECT_TRUE(s.zero);
  EXPECT_EQ(s.width, 12);
  EXPECT_EQ(s.precision, 5);
  EXPECT_EQ(s.length, Length::kLongLong);
  EXPECT_EQ(*rest, 'd');

  Spec plain;
  ASSERT_TRUE(Parse(&plain, &rest, false, "x"));
  EXPECT_FALSE(plain.left || plain.plus || plain.space || plain.alt ||
               plain.zero);
  EXPECT_EQ(plain.width, 0);
  EXPECT_EQ(plain.precision, -1);
  EXPECT_EQ(plain.length, Length::kNone);

  const struct {
    const char* text;
    Length length;
  } kLengths[] = {{"hhd", Length::kChar},  {"hd", Length::kShort},
                  {"ld", Length::kLong},   {"lld", Length::kLongLong},
                  {"zd", Length::kSize},   {"jd", Length::kMax},
                  {"td", Length::kPtrdiff}};
  for (const auto& l : kLengths) {
    Spec t;
    ASSERT_TRUE(Parse(&t, &rest, false, l.text));
    EXPECT_EQ(t.length, l.length) << l.text;
    EXPECT_EQ(*rest, 'd') << l.text;
  }
}

TEST(PrintfCore, StarArguments) {
  Spec s;
  const char* rest = nullptr;
  ASSERT_TRUE(Parse(&s, &rest, false, "*.*d", 7, 3));
  EXPECT_EQ(s.width, 7);
  EXPECT_EQ(s.precision, 3);
  EXPECT_FALSE(s.left);
  Spec neg;
  ASSERT_TRUE(Parse(&neg, &rest, false, "*.*d", -7, -3));
  EXPECT_EQ(neg.width, 7);
  EXPECT_TRUE(neg.left);
  EXPECT_EQ(neg.precision, -1);
  Spec min;
  EXPECT_FALSE(Parse(&min, &rest, false, "*d", INT_MIN));
}

TEST(PrintfCore, QOnlyWhenAccepted) {
  Spec s;
  const char* rest = nullptr;
  ASSERT_TRUE(Parse(&s, &rest, true, "qd"));
  EXPECT_EQ(s.length, Length::kLongLong);
  EXPECT_EQ(*rest, 'd');
  Spec t;
  ASSERT_TRUE(Parse(&t, &rest, false, "qd"));
  EXPECT_EQ(t.length, Length::kNone);
  EXPECT_EQ(*rest, 'q');
}

TEST(PrintfCore, OverflowingFields) {
  Spec s;
  const char* rest = nullptr;
  EXPECT_TRUE(Parse(&s, &rest, false, "2147483647d"));
  EXPECT_EQ(s.width, INT_MAX);
  Spec w;
  EXPECT_FALSE(Parse(&w, &rest, false, "2147483648d"));
  EXPECT_EQ(w.width, INT_MAX);
  EXPECT_EQ(*rest, 'd');
  Spec p;
  EXPECT_FALSE(Parse(&p, &rest, false, ".99999999999d"));
  EXPECT_EQ(p.precision, INT_MAX);
}

int64_t Signed(Length length, ...) {
  va_list ap;
  va_start(ap, length);
  va_list copy;
  va_copy(copy, ap);
  const int64_t v = hcall::format::SignedArg(length, &copy);
  va_end(copy);
  va_end(ap);
  return v;
}

uint64_t Unsigned(Length length, ...) {
  va_list ap;
  va_start(ap, length);
  va_list copy;
  va_copy(copy, ap);
  const uint64_t v = hcall::format::UnsignedArg(length, &copy);
  va_end(copy);
  va_end(ap);
  return v;
}

TEST(PrintfCore, Arguments) {
  EXPECT_EQ(Signed(Length::kNone, -5), -5);
  EXPECT_EQ(Signed(Length::kChar, 0x1ff), -1);
  EXPECT_EQ(Signed(Length::kShort, 0x18000), -32768);
  EXPECT_EQ(Signed(Length::kLong, -5L), -5);
  EXPECT_EQ(Signed(Length::kLongLong, INT64_MIN), INT64_MIN);
  EXPECT_EQ(Signed(Length::kMax, static_cast<intmax_t>(INT64_MAX)), INT64_MAX);
  EXPECT_EQ(Signed(Length::kPtrdiff, static_cast<ptrdiff_t>(-3)), -3);
  EXPECT_EQ(Unsigned(Length::kNone, 4294967295u), 4294967295u);
  EXPECT_EQ(Unsigned(Length::kChar, 0x1ffu), 0xffu);
  EXPECT_EQ(Unsigned(Length::kShort, 0x1ffffu), 0xffffu);
  EXPECT_EQ(Unsigned(Length::kLongLong, UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(Unsigned(Length::kSize, static_cast<size_t>(SIZE_MAX)),
            static_cast<uint64_t>(SIZE_MAX));
}

const char* Layout(Buffer* b, const Spec& spec, const Number& n) {
  EmitNumber(&b->sink, spec, n);
  return b->Text();
}

Spec With(int width, int precision, bool left = false, bool zero = false) {
  Spec s;
  s.width = width;
  s.precision = precision;
  s.left = left;
  s.zero = zero;
  return s;
}

TEST(PrintfCore, NumberLayout) {
  const Number kMinus42{42, true, 10, false, true, false};
  {
    Buffer b;
    EXPECT_STREQ(Layout(&b, With(6, -1), kMinus42), "   -42");
  }
  {
    Buffer b;
    EXPECT_STREQ(Layout(&b, With(6, -1, true), kMinus42), "-42   ");
  }
  {
    Buffer b;
    EXPECT_STREQ(Layout(&b, With(6, -1, false, true), kMinus42), "-00042");
  }
  {
    Buffer b;  // a precision turns '0' padding off
    EXPECT_STREQ(Layout(&b, With(6, 4, false, true), kMinus42), " -0042");
  }
  {
    Buffer b;
    Spec s = With(0, -1);
    s.plus = true;
    EXPECT_STREQ(Layout(&b, s, Number{7, false, 10, false, true, false}), "+7");
  }
  {
    Buffer b;  // unsigned conversions take no sign
    Spec s = With(0, -1);
    s.plus = true;
    EXPECT_STREQ(Layout(&b, s, Number{7, false, 10, false, false, false}), "7");
  }
  {
    Buffer b;
    EXPECT_STREQ(
        Layout(&b, With(0, -1),
               Number{INT64_MAX + uint64_t{1}, true, 10, false, true, false}),
        "-9223372036854775808");
  }
  {
    Buffer b;
    EXPECT_STREQ(Layout(&b, With(0, -1),
                        Number{UINT64_MAX, false, 10, false, false, false}),
                 "18446744073709551615");
  }
  {
    Buffer b;  // precision 0 and value 0: no digits
    EXPECT_STREQ(
        Layout(&b, With(3, 0), Number{0, false, 10, false, true, false}),
        "   ");
  }
}

TEST(PrintfCore, PrefixesAndPointers) {
  Spec alt = With(0, -1);
  alt.alt = true;
  {
    Buffer b;
    EXPECT_STREQ(Layout(&b, alt, Number{255, false, 16, true, false, false}),
                 "0XFF");
  }
  {
    Buffer b;  // '#' adds no prefix to zero
    EXPECT_STREQ(Layout(&b, alt, Number{0, false, 16, false, false, false}),
                 "0");
  }
  {
    Buffer b;
    EXPECT_STREQ(Layout(&b, alt, Number{8, false, 8, false, false, false}),
                 "010");
  }
  {
    Buffer b;  // octal '#' with precision 0 and value 0 still writes "0"
    Spec s = alt;
    s.precision = 0;
    EXPECT_STREQ(Layout(&b, s, Number{0, false, 8, false, false, false}), "0");
  }
  {
    Buffer b;
    EXPECT_STREQ(
        Layout(&b, With(0, 0), Number{0, false, 16, false, false, true}),
        "0x0");
  }
  {
    Buffer b;  // a pointer with sign flags: the sign before 0x
    Spec s = With(10, -1, false, true);
    s.plus = true;
    EXPECT_STREQ(Layout(&b, s, Number{0x1234, false, 16, false, true, true}),
                 "+0x0001234");
  }
}

TEST(PrintfCore, Text) {
  {
    Buffer b;
    EmitText(&b.sink, With(5, -1), "ab", 2);
    EXPECT_STREQ(b.Text(), "   ab");
  }
  {
    Buffer b;
    EmitText(&b.sink, With(5, -1, true), "abc", 2);
    EXPECT_STREQ(b.Text(), "ab   ");
    EXPECT_EQ(b.sink.total, 5u);
  }
}

TEST(PrintfCore, BoundedSinkCountsWhatItDrops) {
  char bytes[5] = {'x', 'x', 'x', 'x', 'x'};
  Sink s{bytes, 4, 0, 0, nullptr, nullptr};
  s.Put("abc", 3);
  s.Pad('-', 3);
  s.Put('z');
  EXPECT_EQ(s.pos, 4u);
  EXPECT_EQ(s.total, 7u);
  EXPECT_EQ(bytes[3], '-');
  EXPECT_EQ(bytes[4], 'x');
  Sink none{nullptr, 0, 0, 0, nullptr, nullptr};
  none.Put("abc", 3);
  EXPECT_EQ(none.total, 3u);
  EXPECT_EQ(none.pos, 0u);
}

struct Drained {
  char bytes[64];
  size_t len;
  int calls;
};

void Drain(void* ctx, const char* bytes, size_t len) {
  Drained* d = static_cast<Drained*>(ctx);
  for (size_t i = 0; i < len; ++i) d->bytes[d->len++] = bytes[i];
  ++d->calls;
}

TEST(PrintfCore, DrainingSink) {
  Drained d{};
  char window[4];
  Sink s{window, sizeof(window), 0, 0, Drain, &d};
  s.Put("hello, ", 7);
  s.Pad('!', 3);
  EXPECT_EQ(s.total, 10u);
  // Full windows went to the drain; the last partial one stays.
  EXPECT_EQ(d.calls, 2);
  EXPECT_EQ(d.len, 8u);
  Drain(&d, window, s.pos);
  d.bytes[d.len] = '\0';
  EXPECT_STREQ(d.bytes, "hello, !!!");
}

}  // namespace
