// test/harness/hctest.h -- the test framework of tests that run on all six
// platforms (hc_portable_test in //rules:defs.bzl).
//
// In a hosted build (the linux_* platforms, glibc) this header is GoogleTest.
// In a freestanding build (the none_* platforms: no libc, no C++ runtime) it
// is hctest, which implements the subset of GoogleTest below with the same
// spelling and the same console output, so one source serves both:
//
//   TEST(Suite, Name) { ... }
//   TEST_F(Fixture, Name) { ... }   Fixture : public ::testing::Test, with
//                                   optional SetUp() and TearDown()
//   EXPECT_EQ NE LT LE GT GE (a, b)     integers, enums, bools, chars,
//                                       pointers, nullptr
//   EXPECT_TRUE FALSE (condition)
//   EXPECT_STREQ STRNE (a, b)           C strings (nullptr allowed)
//   ASSERT_* of each: the same check, then the test function returns
//   ... << value                        extra text for the failure message:
//                                       integers, bools, chars, C strings,
//                                       pointers
//
// Not in the subset: death tests, parameterised and typed tests, matchers,
// floating point comparisons, streaming of other types, SetUpTestSuite.
//
// hctest runs every test in definition order (link order across files) and
// prints gtest's lines ("[ RUN      ]", "[       OK ]", "[  FAILED  ]", and
// "[  PASSED  ] N tests." only when all passed); the image exits 0 if every
// test passed, 1 otherwise. `--gtest_filter=PATTERNS` (':'-separated, '*'
// and '?' wildcards, a '-' section excludes) selects tests as in GoogleTest;
// on bare metal arguments reach the image through fw_cfg (see
// hypercall/baremetal/README.md). Tests are registered by static
// constructors, which every hcall backend runs before hc_main()
// (hypercall/init_array.h).
#ifndef HCALL_TEST_HARNESS_HCTEST_H_
#define HCALL_TEST_HARNESS_HCTEST_H_

#if __STDC_HOSTED__

#include "gtest/gtest.h"

#else  // freestanding: hctest

#include <stddef.h>
#include <stdint.h>

#include <type_traits>

namespace testing {

// The base of every test. Not copyable; never deleted through a base pointer
// (tests live on the runner's stack), so the destructor is not virtual.
class Test {
 public:
  Test(const Test&) = delete;
  Test& operator=(const Test&) = delete;

  virtual void SetUp() {}
  virtual void TearDown() {}
  virtual void TestBody() {}

 protected:
  Test() = default;
  ~Test() = default;
};

}  // namespace testing

namespace hctest {

// A bounded text buffer; text beyond its capacity is dropped and marked
// with "...".
class Text {
 public:
  static constexpr size_t kCapacity = 512;

  Text() { data_[0] = '\0'; }
  Text& Append(const char* s);
  Text& AppendChar(char c);
  Text& AppendSigned(long long v);
  Text& AppendUnsigned(unsigned long long v);
  Text& AppendHex(unsigned long long v);
  const char* c_str() const { return data_; }
  size_t size() const { return size_; }

 private:
  char data_[kCapacity];
  size_t size_ = 0;
  bool truncated_ = false;
};

// Appends a printable form of (v): what gtest prints after "Which is:".
template <typename T>
void AppendValue(Text& out, const T& v) {
  using U = std::remove_cv_t<std::remove_reference_t<T>>;
  if constexpr (std::is_same_v<U, bool>) {
    out.Append(v ? "true" : "false");
  } else if constexpr (std::is_same_v<U, char> ||
                       std::is_same_v<U, signed char> ||
                       std::is_same_v<U, unsigned char>) {
    out.AppendChar('\'');
    if (v >= 0x20 && v < 0x7f) {
      out.AppendChar(static_cast<char>(v));
    } else {
      out.Append("\\x").AppendHex(static_cast<unsigned char>(v));
    }
    out.Append("' (").AppendSigned(static_cast<long long>(v)).Append(")");
  } else if constexpr (std::is_enum_v<U>) {
    AppendValue(out, static_cast<std::underlying_type_t<U>>(v));
  } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    out.AppendSigned(static_cast<long long>(v));
  } else if constexpr (std::is_integral_v<U>) {
    out.AppendUnsigned(static_cast<unsigned long long>(v));
  } else if constexpr (std::is_null_pointer_v<U>) {
    out.Append("(nullptr)");
  } else if constexpr (std::is_pointer_v<U> || std::is_array_v<U>) {
    const void* p = v;
    if (p == nullptr) {
      out.Append("(nullptr)");
    } else {
      out.Append("0x").AppendHex(reinterpret_cast<uintptr_t>(p));
    }
  } else {
    static_assert(sizeof(U) == 0,
                  "hctest prints integers, enums, bools, chars and pointers "
                  "only (see test/harness/hctest.h)");
  }
}

// The outcome of one check: ok, or the failure text so far.
struct Result {
  bool ok = true;
  Text text;
  explicit operator bool() const { return ok; }
};

// Text streamed after a check with <<.
class Message {
 public:
  Message() {}  // user-provided: no zero-filling of the buffer

  template <typename T>
  Message& operator<<(const T& v) {
    using U = std::remove_cv_t<std::decay_t<T>>;
    if constexpr (std::is_array_v<std::remove_reference_t<T>>) {
      text_.Append(v);  // a string literal
    } else if constexpr (std::is_same_v<U, const char*> ||
                         std::is_same_v<U, char*>) {
      text_.Append(v == nullptr ? "(null)" : v);
    } else if constexpr (std::is_same_v<U, char>) {
      text_.AppendChar(v);
    } else {
      AppendValue(text_, v);
    }
    return *this;
  }
  const Text& text() const { return text_; }

 private:
  Text text_;
};

// Reports a failed check when a Message is assigned to it (the gtest idiom
// that lets "<< ..." follow a check). (fatal): an ASSERT_*.
class Failure {
 public:
  Failure(const char* file, int line, const Result& result, bool fatal)
      : file_(file), line_(line), result_(result), fatal_(fatal) {}
  void operator=(const Message& message) const;

 private:
  const char* file_;
  int line_;
  const Result& result_;
  bool fatal_;
};

// Checks of the subset. Each returns ok or the gtest-style failure text.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
template <typename A, typename B>
Result Compare(const char* op, bool holds, const char* a_text,
               const char* b_text, const A& a, const B& b) {
  Result r;
  if (holds) return r;
  r.ok = false;
  if (op[0] == '=') {
    r.text.Append("Expected equality of these values:\n  ").Append(a_text);
    r.text.Append("\n    Which is: ");
    AppendValue(r.text, a);
    r.text.Append("\n  ").Append(b_text).Append("\n    Which is: ");
    AppendValue(r.text, b);
  } else {
    r.text.Append("Expected: (").Append(a_text).Append(") ").Append(op);
    r.text.Append(" (").Append(b_text).Append("), actual: ");
    AppendValue(r.text, a);
    r.text.Append(" vs ");
    AppendValue(r.text, b);
  }
  return r;
}
template <typename A, typename B>
Result Eq(const char* at, const char* bt, const A& a, const B& b) {
  return Compare("==", a == b, at, bt, a, b);
}
template <typename A, typename B>
Result Ne(const char* at, const char* bt, const A& a, const B& b) {
  return Compare("!=", a != b, at, bt, a, b);
}
template <typename A, typename B>
Result Lt(const char* at, const char* bt, const A& a, const B& b) {
  return Compare("<", a < b, at, bt, a, b);
}
template <typename A, typename B>
Result Le(const char* at, const char* bt, const A& a, const B& b) {
  return Compare("<=", a <= b, at, bt, a, b);
}
template <typename A, typename B>
Result Gt(const char* at, const char* bt, const A& a, const B& b) {
  return Compare(">", a > b, at, bt, a, b);
}
template <typename A, typename B>
Result Ge(const char* at, const char* bt, const A& a, const B& b) {
  return Compare(">=", a >= b, at, bt, a, b);
}
#pragma GCC diagnostic pop

Result Bool(const char* text, bool value, bool expected);
Result StrEq(const char* at, const char* bt, const char* a, const char* b,
             bool expected_equal);

// Test registration (by the static constructors TEST and TEST_F expand to).
struct TestInfo {
  const char* suite;
  const char* name;
  void (*run)();
  TestInfo* next;
};
bool Register(TestInfo* info);

// Runs SetUp, TestBody (unless SetUp failed fatally) and TearDown.
void RunTest(::testing::Test* test);

// Whether the running test has failed fatally (an ASSERT_* failed).
bool HasFatalFailure();

}  // namespace hctest

#define HCTEST_CLASS_(suite, name) suite##_##name##_Test

#define HCTEST_DEFINE_(suite, name, parent)                               \
  class HCTEST_CLASS_(suite, name) : public parent {                      \
   public:                                                                \
    void TestBody() override;                                             \
    static void Run() {                                                   \
      HCTEST_CLASS_(suite, name) test;                                    \
      ::hctest::RunTest(&test);                                           \
    }                                                                     \
  };                                                                      \
  static ::hctest::TestInfo suite##_##name##_hctest_info = {              \
      #suite, #name, &HCTEST_CLASS_(suite, name)::Run, nullptr};          \
  [[maybe_unused]] static const bool suite##_##name##_hctest_registered = \
      ::hctest::Register(&suite##_##name##_hctest_info);                  \
  void HCTEST_CLASS_(suite, name)::TestBody()

#define TEST(suite, name) HCTEST_DEFINE_(suite, name, ::testing::Test)
#define TEST_F(fixture, name) HCTEST_DEFINE_(fixture, name, fixture)

// if (ok) ; else report = Message() << ...: the trailing << binds to the
// Message, and an ASSERT returns from the (void) test function.
#define HCTEST_CHECK_(check, on_failure)                 \
  switch (0)                                             \
  case 0:                                                \
  default:                                               \
    if (const ::hctest::Result hctest_result_ = (check)) \
      ;                                                  \
    else                                                 \
      on_failure = ::hctest::Message()

#define HCTEST_NONFATAL_ \
  ::hctest::Failure(__FILE__, __LINE__, hctest_result_, false)
#define HCTEST_FATAL_ \
  return ::hctest::Failure(__FILE__, __LINE__, hctest_result_, true)

#define HCTEST_CMP_(fn, a, b, kind) \
  HCTEST_CHECK_(::hctest::fn(#a, #b, (a), (b)), kind)

#define EXPECT_EQ(a, b) HCTEST_CMP_(Eq, a, b, HCTEST_NONFATAL_)
#define EXPECT_NE(a, b) HCTEST_CMP_(Ne, a, b, HCTEST_NONFATAL_)
#define EXPECT_LT(a, b) HCTEST_CMP_(Lt, a, b, HCTEST_NONFATAL_)
#define EXPECT_LE(a, b) HCTEST_CMP_(Le, a, b, HCTEST_NONFATAL_)
#define EXPECT_GT(a, b) HCTEST_CMP_(Gt, a, b, HCTEST_NONFATAL_)
#define EXPECT_GE(a, b) HCTEST_CMP_(Ge, a, b, HCTEST_NONFATAL_)
#define ASSERT_EQ(a, b) HCTEST_CMP_(Eq, a, b, HCTEST_FATAL_)
#define ASSERT_NE(a, b) HCTEST_CMP_(Ne, a, b, HCTEST_FATAL_)
#define ASSERT_LT(a, b) HCTEST_CMP_(Lt, a, b, HCTEST_FATAL_)
#define ASSERT_LE(a, b) HCTEST_CMP_(Le, a, b, HCTEST_FATAL_)
#define ASSERT_GT(a, b) HCTEST_CMP_(Gt, a, b, HCTEST_FATAL_)
#define ASSERT_GE(a, b) HCTEST_CMP_(Ge, a, b, HCTEST_FATAL_)

#define EXPECT_TRUE(c)                                          \
  HCTEST_CHECK_(::hctest::Bool(#c, static_cast<bool>(c), true), \
                HCTEST_NONFATAL_)
#define EXPECT_FALSE(c)                                          \
  HCTEST_CHECK_(::hctest::Bool(#c, static_cast<bool>(c), false), \
                HCTEST_NONFATAL_)
#define ASSERT_TRUE(c) \
  HCTEST_CHECK_(::hctest::Bool(#c, static_cast<bool>(c), true), HCTEST_FATAL_)
#define ASSERT_FALSE(c) \
  HCTEST_CHECK_(::hctest::Bool(#c, static_cast<bool>(c), false), HCTEST_FATAL_)

#define EXPECT_STREQ(a, b) \
  HCTEST_CHECK_(::hctest::StrEq(#a, #b, (a), (b), true), HCTEST_NONFATAL_)
#define EXPECT_STRNE(a, b) \
  HCTEST_CHECK_(::hctest::StrEq(#a, #b, (a), (b), false), HCTEST_NONFATAL_)
#define ASSERT_STREQ(a, b) \
  HCTEST_CHECK_(::hctest::StrEq(#a, #b, (a), (b), true), HCTEST_FATAL_)
#define ASSERT_STRNE(a, b) \
  HCTEST_CHECK_(::hctest::StrEq(#a, #b, (a), (b), false), HCTEST_FATAL_)

#endif  // __STDC_HOSTED__

#endif  // HCALL_TEST_HARNESS_HCTEST_H_
