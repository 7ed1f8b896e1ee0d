// test/harness/hctest.cc -- hctest's runner: the hc_main of a freestanding
// test image. See hctest.h for the subset of GoogleTest it implements.
#include "test/harness/hctest.h"

#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace hctest {
namespace {

TestInfo* g_first = nullptr;
TestInfo* g_last = nullptr;
bool g_failed = false;  // the running test has failed
bool g_fatal = false;   // ... through an ASSERT_*

size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

bool StartsWith(const char* s, const char* prefix) {
  while (*prefix != '\0') {
    if (*s++ != *prefix++) return false;
  }
  return true;
}

void Write(const char* s, size_t n) {
  while (n > 0) {
    const hc_ssize_t done = hc_write(HC_HANDLE_CONSOLE_OUT, s, n);
    if (done <= 0) return;  // nowhere to report it
    s += done;
    n -= static_cast<size_t>(done);
  }
}

void Print(const char* s) { Write(s, Length(s)); }
void Print(const Text& t) { Write(t.c_str(), t.size()); }

// gtest's --gtest_filter: POSITIVE[-NEGATIVE], each ':'-separated globs
// over "Suite.Name" with '*' and '?'.
bool Glob(const char* p, const char* p_end, const char* s) {
  while (p < p_end) {
    if (*p == '*') {
      for (const char* t = s;; ++t) {
        if (Glob(p + 1, p_end, t)) return true;
        if (*t == '\0') return false;
      }
    }
    if (*s == '\0' || (*p != '?' && *p != *s)) return false;
    ++p;
    ++s;
  }
  return *s == '\0';
}

bool MatchesAny(const char* begin, const char* end, const char* name) {
  while (begin < end) {
    const char* stop = begin;
    while (stop < end && *stop != ':') ++stop;
    if (Glob(begin, stop, name)) return true;
    begin = stop + 1;
  }
  return false;
}

bool Selected(const char* filter, const char* full_name) {
  if (filter == nullptr) return true;
  const char* end = filter + Length(filter);
  const char* minus = filter;
  while (minus < end && *minus != '-') ++minus;
  const bool positive =
      minus == filter ? true : MatchesAny(filter, minus, full_name);
  const bool negative = minus < end && MatchesAny(minus + 1, end, full_name);
  return positive && !negative;
}

uint64_t NowMs() {
  hc_timespec t{};
  if (hc_clock_gettime(HC_CLOCK_MONOTONIC, &t) != HC_OK) return 0;
  return static_cast<uint64_t>(t.tv_sec) * 1000 +
         static_cast<uint64_t>(t.tv_nsec) / 1000000;
}

// A C string as gtest prints it: quoted, or NULL.
void AppendQuoted(Text& out, const char* s) {
  if (s == nullptr) {
    out.Append("NULL");
  } else {
    out.AppendChar('"').Append(s).AppendChar('"');
  }
}

void FullName(Text& out, const TestInfo* t) {
  out.Append(t->suite).AppendChar('.').Append(t->name);
}

}  // namespace

Text& Text::Append(const char* s) {
  while (*s != '\0') AppendChar(*s++);
  return *this;
}

Text& Text::AppendChar(char c) {
  if (size_ + 4 < kCapacity) {
    data_[size_++] = c;
  } else if (!truncated_) {
    truncated_ = true;
    for (int i = 0; i < 3; ++i) data_[size_++] = '.';
  }
  data_[size_] = '\0';
  return *this;
}

Text& Text::AppendUnsigned(unsigned long long v) {
  char digits[hcall::format::kDigitsBufferSize];
  hcall::format::Decimal(v, digits);
  return Append(digits);
}

Text& Text::AppendSigned(long long v) {
  char digits[hcall::format::kDigitsBufferSize];
  hcall::format::Signed(v, digits);
  return Append(digits);
}

Text& Text::AppendHex(unsigned long long v) {
  char digits[hcall::format::kDigitsBufferSize];
  hcall::format::Hex(v, digits);
  return Append(digits);
}

void Failure::operator=(const Message& message) const {
  g_failed = true;
  Text head;
  head.Append(file_).AppendChar(':').AppendSigned(line_).Append(": Failure\n");
  Print(head);
  Print(result_.text);
  Print("\n");
  if (message.text().size() > 0) {
    Print(message.text());
    Print("\n");
  }
  // An ASSERT_* returns from the function right after this.
  if (fatal_) g_fatal = true;
}

Result Bool(const char* text, bool value, bool expected) {
  Result r;
  if (value == expected) return r;
  r.ok = false;
  r.text.Append("Value of: ").Append(text).Append("\n  Actual: ");
  r.text.Append(value ? "true" : "false").Append("\nExpected: ");
  r.text.Append(expected ? "true" : "false");
  return r;
}

Result StrEq(const char* at, const char* bt, const char* a, const char* b,
             bool expected_equal) {
  bool equal = a == b;
  if (a != nullptr && b != nullptr) {
    size_t i = 0;
    while (a[i] != '\0' && a[i] == b[i]) ++i;
    equal = a[i] == b[i];
  }
  Result r;
  if (equal == expected_equal) return r;
  r.ok = false;
  if (expected_equal) {
    r.text.Append("Expected equality of these values:\n  ").Append(at);
  } else {
    r.text.Append("Expected: (").Append(at).Append(") != (").Append(bt);
    r.text.Append("), actual: both are");
  }
  r.text.Append("\n    Which is: ");
  AppendQuoted(r.text, a);
  if (expected_equal) {
    r.text.Append("\n  ").Append(bt).Append("\n    Which is: ");
    AppendQuoted(r.text, b);
  }
  return r;
}

bool Register(TestInfo* info) {
  info->next = nullptr;
  if (g_last == nullptr) {
    g_first = info;
  } else {
    g_last->next = info;
  }
  g_last = info;
  return true;
}

bool HasFatalFailure() { return g_fatal; }

void RunTest(::testing::Test* test) {
  // As in gtest: an ASSERT_* that failed in SetUp skips the body.
  test->SetUp();
  if (!g_fatal) test->TestBody();
  test->TearDown();
}

// Runs the selected tests; returns the number that failed.
int RunAll(const char* filter) {
  int selected = 0;
  for (TestInfo* t = g_first; t != nullptr; t = t->next) {
    Text name;
    FullName(name, t);
    if (Selected(filter, name.c_str())) ++selected;
  }
  Text line;
  line.Append("[==========] Running ").AppendSigned(selected);
  line.Append(selected == 1 ? " test.\n" : " tests.\n");
  Print(line);
  if (filter != nullptr) {
    Print("Note: Google Test filter = ");
    Print(filter);
    Print("\n");
  }

  int failed = 0;
  const uint64_t start = NowMs();
  for (TestInfo* t = g_first; t != nullptr; t = t->next) {
    Text name;
    FullName(name, t);
    if (!Selected(filter, name.c_str())) continue;
    Print("[ RUN      ] ");
    Print(name);
    Print("\n");
    g_failed = false;
    g_fatal = false;
    const uint64_t t0 = NowMs();
    t->run();
    Text done;
    done.Append(g_failed ? "[  FAILED  ] " : "[       OK ] ")
        .Append(name.c_str());
    done.Append(" (").AppendUnsigned(NowMs() - t0).Append(" ms)\n");
    Print(done);
    if (g_failed) ++failed;
  }

  Text summary;
  summary.Append("[==========] ").AppendSigned(selected);
  summary.Append(selected == 1 ? " test ran. (" : " tests ran. (");
  summary.AppendUnsigned(NowMs() - start).Append(" ms total)\n");
  Print(summary);
  if (failed == 0) {
    Text passed;
    passed.Append(HCTEST_SUCCESS_MARKER " ").AppendSigned(selected);
    passed.Append(selected == 1 ? " test.\n" : " tests.\n");
    Print(passed);
    return 0;
  }
  Text fails;
  fails.Append("[  FAILED  ] ").AppendSigned(failed);
  fails.Append(failed == 1 ? " test.\n" : " tests.\n");
  Print(fails);
  return failed;
}

}  // namespace hctest

// GCC expects memcpy, memmove, memset and memcmp even from a freestanding
// environment (for structure copies and initialisation). A test image that
// links the libc shim's standard names gets theirs; the others get these
// (weak, so the shim's win).
extern "C" {
__attribute__((weak)) void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}
__attribute__((weak)) void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}
__attribute__((weak)) void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(c);
  return dst;
}
__attribute__((weak)) int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
}  // extern "C"

extern "C" int hc_main(const hc_boot_info* boot) {
  static const char kFilter[] = "--gtest_filter=";
  const char* filter = nullptr;
  for (int i = 1; i < boot->argc; ++i) {
    const char* arg = boot->argv[i];
    if (hctest::StartsWith(arg, kFilter)) {
      filter = arg + sizeof(kFilter) - 1;
    } else {
      hctest::Print("hctest: unknown argument '");
      hctest::Print(arg);
      hctest::Print("' (only --gtest_filter=PATTERNS is understood)\n");
      return 64;
    }
  }
  if (hctest::g_first == nullptr) {
    // An image whose tests never registered (static constructors not run)
    // must not look like an empty success.
    hctest::Print("hctest: no tests are registered\n");
    return 1;
  }
  return hctest::RunAll(filter) == 0 ? 0 : 1;
}
