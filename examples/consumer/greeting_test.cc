// greeting_test.cc -- the C library's test, the same source on all six
// platforms (hcall's test/harness/hctest.h: GoogleTest or hctest).
#include "greeting.h"

#include "test/harness/hctest.h"

namespace {

bool Equal(const char* a, const char* b) {
  for (; *a != '\0' && *a == *b; ++a, ++b) {
  }
  return *a == *b;
}

TEST(Greeting, NamesWho) {
  char buf[32];
  EXPECT_EQ(greeting_format(buf, sizeof buf, "Ada"), 11u);
  EXPECT_TRUE(Equal(buf, "Hello, Ada!")) << buf;
}

TEST(Greeting, NullIsTheWorld) {
  char buf[32];
  EXPECT_EQ(greeting_format(buf, sizeof buf, nullptr), 13u);
  EXPECT_TRUE(Equal(buf, "Hello, world!")) << buf;
}

TEST(Greeting, TruncatesAndTerminates) {
  char buf[6] = {'x', 'x', 'x', 'x', 'x', 'x'};
  EXPECT_EQ(greeting_format(buf, sizeof buf, "Ada"), 11u);
  EXPECT_TRUE(Equal(buf, "Hello")) << buf;
  EXPECT_EQ(greeting_format(buf, 0, "Ada"), 11u);
  EXPECT_EQ(buf[0], 'H');
}

}  // namespace
