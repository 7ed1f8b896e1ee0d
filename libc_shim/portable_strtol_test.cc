// Tests of the hcl_strto* family that run on every platform (GoogleTest on
// Linux, hctest on bare metal): golden vectors (value, ERANGE, end offset)
// produced once by glibc 2.36's strtoll/strtoull/strtol/strtoul on x86_64
// and, for a 32-bit long, on arm; then random strings against a reference
// model of C11 7.22.1.4 written here; invalid bases, atoi, a null end
// pointer. No glibc at run time.
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdlib.h"
#include "test/harness/hctest.h"
#include "test/harness/splitmix.h"

namespace {

constexpr bool kLong64 = sizeof(long) == 8;
static_assert(sizeof(long) == 8 || sizeof(long) == 4, "long is 32 or 64 bits");

struct Golden {
  const char* s;
  int base;
  int end;                  // offset of *endptr in s
  long long ll;             // strtoll
  unsigned long long ull;   // strtoull
  long long l32;            // strtol with a 32-bit long
  unsigned long long ul32;  // strtoul with a 32-bit long
  // ERANGE set by: 1 strtoll, 2 strtoull, 4 strtol (32-bit long),
  // 8 strtoul (32-bit long); with a 64-bit long strtol/strtoul are
  // strtoll/strtoull.
  unsigned erange;
};

// clang-format off
const Golden kGolden[] = {
    {"", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {" ", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {" ", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {" ", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {" ", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {" ", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {" ", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0", 16, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0", 36, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0", 0, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0", 2, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0", 8, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0", 10, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0", 16, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0", 36, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+0", 0, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+0", 2, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+0", 8, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+0", 10, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+0", 16, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+0", 36, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"1", 0, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1", 10, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1", 16, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1", 36, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"-1", 0, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-1", 2, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-1", 8, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-1", 10, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-1", 16, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-1", 36, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"+1", 0, 2, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"+1", 2, 2, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"+1", 8, 2, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"+1", 10, 2, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"+1", 16, 2, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"+1", 36, 2, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"  \t\n\v\f\r42xyz", 0, 9, 42LL, 42ULL, 42LL, 42ULL, 0},
    {"  \t\n\v\f\r42xyz", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"  \t\n\v\f\r42xyz", 8, 9, 34LL, 34ULL, 34LL, 34ULL, 0},
    {"  \t\n\v\f\r42xyz", 10, 9, 42LL, 42ULL, 42LL, 42ULL, 0},
    {"  \t\n\v\f\r42xyz", 16, 9, 66LL, 66ULL, 66LL, 66ULL, 0},
    {"  \t\n\v\f\r42xyz", 36, 12, 6855803LL, 6855803ULL, 6855803LL, 6855803ULL, 0},
    {"- 1", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"- 1", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"- 1", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"- 1", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"- 1", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"- 1", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+-1", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+-1", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+-1", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+-1", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+-1", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+-1", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"--1", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"--1", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"--1", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"--1", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"--1", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"--1", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x", 16, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x", 36, 2, 33LL, 33ULL, 33LL, 33ULL, 0},
    {"0X", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0X", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0X", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0X", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0X", 16, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0X", 36, 2, 33LL, 33ULL, 33LL, 33ULL, 0},
    {"0x1f", 0, 4, 31LL, 31ULL, 31LL, 31ULL, 0},
    {"0x1f", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x1f", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x1f", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x1f", 16, 4, 31LL, 31ULL, 31LL, 31ULL, 0},
    {"0x1f", 36, 4, 42819LL, 42819ULL, 42819LL, 42819ULL, 0},
    {"0XfF", 0, 4, 255LL, 255ULL, 255LL, 255ULL, 0},
    {"0XfF", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0XfF", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0XfF", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0XfF", 16, 4, 255LL, 255ULL, 255LL, 255ULL, 0},
    {"0XfF", 36, 4, 43323LL, 43323ULL, 43323LL, 43323ULL, 0},
    {"-0x10", 0, 5, -16LL, 18446744073709551600ULL, -16LL, 4294967280ULL, 0},
    {"-0x10", 2, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0x10", 8, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0x10", 10, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0x10", 16, 5, -16LL, 18446744073709551600ULL, -16LL, 4294967280ULL, 0},
    {"-0x10", 36, 5, -42804LL, 18446744073709508812ULL, -42804LL, 4294924492ULL, 0},
    {"0xg", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xg", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xg", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xg", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xg", 16, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xg", 36, 3, 1204LL, 1204ULL, 1204LL, 1204ULL, 0},
    {"0x 1", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x 1", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x 1", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x 1", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x 1", 16, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x 1", 36, 2, 33LL, 33ULL, 33LL, 33ULL, 0},
    {"00", 0, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"00", 2, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"00", 8, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"00", 10, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"00", 16, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"00", 36, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"08", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"08", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"08", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"08", 10, 2, 8LL, 8ULL, 8LL, 8ULL, 0},
    {"08", 16, 2, 8LL, 8ULL, 8LL, 8ULL, 0},
    {"08", 36, 2, 8LL, 8ULL, 8LL, 8ULL, 0},
    {"0777", 0, 4, 511LL, 511ULL, 511LL, 511ULL, 0},
    {"0777", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0777", 8, 4, 511LL, 511ULL, 511LL, 511ULL, 0},
    {"0777", 10, 4, 777LL, 777ULL, 777LL, 777ULL, 0},
    {"0777", 16, 4, 1911LL, 1911ULL, 1911LL, 1911ULL, 0},
    {"0777", 36, 4, 9331LL, 9331ULL, 9331LL, 9331ULL, 0},
    {"-0777", 0, 5, -511LL, 18446744073709551105ULL, -511LL, 4294966785ULL, 0},
    {"-0777", 2, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0777", 8, 5, -511LL, 18446744073709551105ULL, -511LL, 4294966785ULL, 0},
    {"-0777", 10, 5, -777LL, 18446744073709550839ULL, -777LL, 4294966519ULL, 0},
    {"-0777", 16, 5, -1911LL, 18446744073709549705ULL, -1911LL, 4294965385ULL, 0},
    {"-0777", 36, 5, -9331LL, 18446744073709542285ULL, -9331LL, 4294957965ULL, 0},
    {"0b101", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0b101", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0b101", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0b101", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0b101", 16, 5, 45313LL, 45313ULL, 45313LL, 45313ULL, 0},
    {"0b101", 36, 5, 514513LL, 514513ULL, 514513LL, 514513ULL, 0},
    {"1010", 0, 4, 1010LL, 1010ULL, 1010LL, 1010ULL, 0},
    {"1010", 2, 4, 10LL, 10ULL, 10LL, 10ULL, 0},
    {"1010", 8, 4, 520LL, 520ULL, 520LL, 520ULL, 0},
    {"1010", 10, 4, 1010LL, 1010ULL, 1010LL, 1010ULL, 0},
    {"1010", 16, 4, 4112LL, 4112ULL, 4112LL, 4112ULL, 0},
    {"1010", 36, 4, 46692LL, 46692ULL, 46692LL, 46692ULL, 0},
    {"z", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"z", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"z", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"z", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"z", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"z", 36, 1, 35LL, 35ULL, 35LL, 35ULL, 0},
    {"Z", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"Z", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"Z", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"Z", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"Z", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"Z", 36, 1, 35LL, 35ULL, 35LL, 35ULL, 0},
    {"-zZ", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-zZ", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-zZ", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-zZ", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-zZ", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-zZ", 36, 3, -1295LL, 18446744073709550321ULL, -1295LL, 4294966001ULL, 0},
    {"2147483647", 0, 10, 2147483647LL, 2147483647ULL, 2147483647LL, 2147483647ULL, 0},
    {"2147483647", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"2147483647", 8, 5, 9020LL, 9020ULL, 9020LL, 9020ULL, 0},
    {"2147483647", 10, 10, 2147483647LL, 2147483647ULL, 2147483647LL, 2147483647ULL, 0},
    {"2147483647", 16, 10, 142929835591LL, 142929835591ULL, 2147483647LL, 4294967295ULL, 12},
    {"2147483647", 36, 10, 206269972826551LL, 206269972826551ULL, 2147483647LL, 4294967295ULL, 12},
    {"2147483648", 0, 10, 2147483648LL, 2147483648ULL, 2147483647LL, 2147483648ULL, 4},
    {"2147483648", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"2147483648", 8, 5, 9020LL, 9020ULL, 9020LL, 9020ULL, 0},
    {"2147483648", 10, 10, 2147483648LL, 2147483648ULL, 2147483647LL, 2147483648ULL, 4},
    {"2147483648", 16, 10, 142929835592LL, 142929835592ULL, 2147483647LL, 4294967295ULL, 12},
    {"2147483648", 36, 10, 206269972826552LL, 206269972826552ULL, 2147483647LL, 4294967295ULL, 12},
    {"-2147483648", 0, 11, -2147483648LL, 18446744071562067968ULL, -2147483648LL, 2147483648ULL, 0},
    {"-2147483648", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-2147483648", 8, 6, -9020LL, 18446744073709542596ULL, -9020LL, 4294958276ULL, 0},
    {"-2147483648", 10, 11, -2147483648LL, 18446744071562067968ULL, -2147483648LL, 2147483648ULL, 0},
    {"-2147483648", 16, 11, -142929835592LL, 18446743930779716024ULL, -2147483648LL, 4294967295ULL, 12},
    {"-2147483648", 36, 11, -206269972826552LL, 18446537803736725064ULL, -2147483648LL, 4294967295ULL, 12},
    {"-2147483649", 0, 11, -2147483649LL, 18446744071562067967ULL, -2147483648LL, 2147483647ULL, 4},
    {"-2147483649", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-2147483649", 8, 6, -9020LL, 18446744073709542596ULL, -9020LL, 4294958276ULL, 0},
    {"-2147483649", 10, 11, -2147483649LL, 18446744071562067967ULL, -2147483648LL, 2147483647ULL, 4},
    {"-2147483649", 16, 11, -142929835593LL, 18446743930779716023ULL, -2147483648LL, 4294967295ULL, 12},
    {"-2147483649", 36, 11, -206269972826553LL, 18446537803736725063ULL, -2147483648LL, 4294967295ULL, 12},
    {"4294967295", 0, 10, 4294967295LL, 4294967295ULL, 2147483647LL, 4294967295ULL, 4},
    {"4294967295", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"4294967295", 8, 2, 34LL, 34ULL, 34LL, 34ULL, 0},
    {"4294967295", 10, 10, 4294967295LL, 4294967295ULL, 2147483647LL, 4294967295ULL, 4},
    {"4294967295", 16, 10, 285960729237LL, 285960729237ULL, 2147483647LL, 4294967295ULL, 12},
    {"4294967295", 36, 10, 412596585697577LL, 412596585697577ULL, 2147483647LL, 4294967295ULL, 12},
    {"4294967296", 0, 10, 4294967296LL, 4294967296ULL, 2147483647LL, 4294967295ULL, 12},
    {"4294967296", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"4294967296", 8, 2, 34LL, 34ULL, 34LL, 34ULL, 0},
    {"4294967296", 10, 10, 4294967296LL, 4294967296ULL, 2147483647LL, 4294967295ULL, 12},
    {"4294967296", 16, 10, 285960729238LL, 285960729238ULL, 2147483647LL, 4294967295ULL, 12},
    {"4294967296", 36, 10, 412596585697578LL, 412596585697578ULL, 2147483647LL, 4294967295ULL, 12},
    {"-4294967295", 0, 11, -4294967295LL, 18446744069414584321ULL, -2147483648LL, 1ULL, 4},
    {"-4294967295", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-4294967295", 8, 3, -34LL, 18446744073709551582ULL, -34LL, 4294967262ULL, 0},
    {"-4294967295", 10, 11, -4294967295LL, 18446744069414584321ULL, -2147483648LL, 1ULL, 4},
    {"-4294967295", 16, 11, -285960729237LL, 18446743787748822379ULL, -2147483648LL, 4294967295ULL, 12},
    {"-4294967295", 36, 11, -412596585697577LL, 18446331477123854039ULL, -2147483648LL, 4294967295ULL, 12},
    {"-4294967296", 0, 11, -4294967296LL, 18446744069414584320ULL, -2147483648LL, 4294967295ULL, 12},
    {"-4294967296", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-4294967296", 8, 3, -34LL, 18446744073709551582ULL, -34LL, 4294967262ULL, 0},
    {"-4294967296", 10, 11, -4294967296LL, 18446744069414584320ULL, -2147483648LL, 4294967295ULL, 12},
    {"-4294967296", 16, 11, -285960729238LL, 18446743787748822378ULL, -2147483648LL, 4294967295ULL, 12},
    {"-4294967296", 36, 11, -412596585697578LL, 18446331477123854038ULL, -2147483648LL, 4294967295ULL, 12},
    {"9223372036854775807", 0, 19, 9223372036854775807LL, 9223372036854775807ULL, 2147483647LL, 4294967295ULL, 12},
    {"9223372036854775807", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"9223372036854775807", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"9223372036854775807", 10, 19, 9223372036854775807LL, 9223372036854775807ULL, 2147483647LL, 4294967295ULL, 12},
    {"9223372036854775807", 16, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"9223372036854775807", 36, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"9223372036854775808", 0, 19, 9223372036854775807LL, 9223372036854775808ULL, 2147483647LL, 4294967295ULL, 13},
    {"9223372036854775808", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"9223372036854775808", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"9223372036854775808", 10, 19, 9223372036854775807LL, 9223372036854775808ULL, 2147483647LL, 4294967295ULL, 13},
    {"9223372036854775808", 16, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"9223372036854775808", 36, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"-9223372036854775808", 0, 20, LLONG_MIN, 9223372036854775808ULL, -2147483648LL, 4294967295ULL, 12},
    {"-9223372036854775808", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-9223372036854775808", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-9223372036854775808", 10, 20, LLONG_MIN, 9223372036854775808ULL, -2147483648LL, 4294967295ULL, 12},
    {"-9223372036854775808", 16, 20, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-9223372036854775808", 36, 20, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-9223372036854775809", 0, 20, LLONG_MIN, 9223372036854775807ULL, -2147483648LL, 4294967295ULL, 13},
    {"-9223372036854775809", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-9223372036854775809", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-9223372036854775809", 10, 20, LLONG_MIN, 9223372036854775807ULL, -2147483648LL, 4294967295ULL, 13},
    {"-9223372036854775809", 16, 20, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-9223372036854775809", 36, 20, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"18446744073709551615", 0, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 13},
    {"18446744073709551615", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"18446744073709551615", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"18446744073709551615", 10, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 13},
    {"18446744073709551615", 16, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"18446744073709551615", 36, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"18446744073709551616", 0, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"18446744073709551616", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"18446744073709551616", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"18446744073709551616", 10, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"18446744073709551616", 16, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"18446744073709551616", 36, 20, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"-18446744073709551615", 0, 21, LLONG_MIN, 1ULL, -2147483648LL, 4294967295ULL, 13},
    {"-18446744073709551615", 2, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-18446744073709551615", 8, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-18446744073709551615", 10, 21, LLONG_MIN, 1ULL, -2147483648LL, 4294967295ULL, 13},
    {"-18446744073709551615", 16, 21, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-18446744073709551615", 36, 21, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-18446744073709551616", 0, 21, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-18446744073709551616", 2, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-18446744073709551616", 8, 2, -1LL, 18446744073709551615ULL, -1LL, 4294967295ULL, 0},
    {"-18446744073709551616", 10, 21, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-18446744073709551616", 16, 21, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"-18446744073709551616", 36, 21, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"99999999999999999999999999999999", 0, 32, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"99999999999999999999999999999999", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"99999999999999999999999999999999", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"99999999999999999999999999999999", 10, 32, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"99999999999999999999999999999999", 16, 32, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"99999999999999999999999999999999", 36, 32, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"0x7fffffff", 0, 10, 2147483647LL, 2147483647ULL, 2147483647LL, 2147483647ULL, 0},
    {"0x7fffffff", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x7fffffff", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x7fffffff", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x7fffffff", 16, 10, 2147483647LL, 2147483647ULL, 2147483647LL, 2147483647ULL, 0},
    {"0x7fffffff", 36, 10, 93678760736475LL, 93678760736475ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x80000000", 0, 10, 2147483648LL, 2147483648ULL, 2147483647LL, 2147483648ULL, 4},
    {"0x80000000", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x80000000", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x80000000", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x80000000", 16, 10, 2147483648LL, 2147483648ULL, 2147483647LL, 2147483648ULL, 4},
    {"0x80000000", 36, 10, 93723540258816LL, 93723540258816ULL, 2147483647LL, 4294967295ULL, 12},
    {"0xffffffff", 0, 10, 4294967295LL, 4294967295ULL, 2147483647LL, 4294967295ULL, 4},
    {"0xffffffff", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xffffffff", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xffffffff", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xffffffff", 16, 10, 4294967295LL, 4294967295ULL, 2147483647LL, 4294967295ULL, 4},
    {"0xffffffff", 36, 10, 94305674049243LL, 94305674049243ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x100000000", 0, 11, 4294967296LL, 4294967296ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x100000000", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x100000000", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x100000000", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x100000000", 16, 11, 4294967296LL, 4294967296ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x100000000", 36, 11, 3354299679965184LL, 3354299679965184ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x7fffffffffffffff", 0, 18, 9223372036854775807LL, 9223372036854775807ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x7fffffffffffffff", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x7fffffffffffffff", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x7fffffffffffffff", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x7fffffffffffffff", 16, 18, 9223372036854775807LL, 9223372036854775807ULL, 2147483647LL, 4294967295ULL, 12},
    {"0x7fffffffffffffff", 36, 18, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"0x8000000000000000", 0, 18, 9223372036854775807LL, 9223372036854775808ULL, 2147483647LL, 4294967295ULL, 13},
    {"0x8000000000000000", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x8000000000000000", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x8000000000000000", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x8000000000000000", 16, 18, 9223372036854775807LL, 9223372036854775808ULL, 2147483647LL, 4294967295ULL, 13},
    {"0x8000000000000000", 36, 18, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"0xffffffffffffffff", 0, 18, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 13},
    {"0xffffffffffffffff", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xffffffffffffffff", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xffffffffffffffff", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0xffffffffffffffff", 16, 18, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 13},
    {"0xffffffffffffffff", 36, 18, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"0x10000000000000000", 0, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"0x10000000000000000", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x10000000000000000", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x10000000000000000", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x10000000000000000", 16, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"0x10000000000000000", 36, 19, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"-0x8000000000000001", 0, 19, LLONG_MIN, 9223372036854775807ULL, -2147483648LL, 4294967295ULL, 13},
    {"-0x8000000000000001", 2, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0x8000000000000001", 8, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0x8000000000000001", 10, 2, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-0x8000000000000001", 16, 19, LLONG_MIN, 9223372036854775807ULL, -2147483648LL, 4294967295ULL, 13},
    {"-0x8000000000000001", 36, 19, LLONG_MIN, 18446744073709551615ULL, -2147483648LL, 4294967295ULL, 15},
    {"1111111111111111111111111111111111111111111111111111111111111111", 0, 64, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"1111111111111111111111111111111111111111111111111111111111111111", 2, 64, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 13},
    {"1111111111111111111111111111111111111111111111111111111111111111", 8, 64, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"1111111111111111111111111111111111111111111111111111111111111111", 10, 64, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"1111111111111111111111111111111111111111111111111111111111111111", 16, 64, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"1111111111111111111111111111111111111111111111111111111111111111", 36, 64, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"10000000000000000000000000000000000000000000000000000000000000000", 0, 65, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"10000000000000000000000000000000000000000000000000000000000000000", 2, 65, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"10000000000000000000000000000000000000000000000000000000000000000", 8, 65, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"10000000000000000000000000000000000000000000000000000000000000000", 10, 65, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"10000000000000000000000000000000000000000000000000000000000000000", 16, 65, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"10000000000000000000000000000000000000000000000000000000000000000", 36, 65, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"3w5e11264sgsf", 0, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsf", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"3w5e11264sgsf", 8, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsf", 10, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsf", 16, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsf", 36, 13, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 13},
    {"3w5e11264sgsg", 0, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsg", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"3w5e11264sgsg", 8, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsg", 10, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsg", 16, 1, 3LL, 3ULL, 3LL, 3ULL, 0},
    {"3w5e11264sgsg", 36, 13, 9223372036854775807LL, 18446744073709551615ULL, 2147483647LL, 4294967295ULL, 15},
    {"1z141z3", 0, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z3", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z3", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z3", 10, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z3", 16, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z3", 36, 7, 4294967295LL, 4294967295ULL, 2147483647LL, 4294967295ULL, 4},
    {"1z141z4", 0, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z4", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z4", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z4", 10, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z4", 16, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1z141z4", 36, 7, 4294967296LL, 4294967296ULL, 2147483647LL, 4294967295ULL, 12},
    {"zik0zj", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zj", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zj", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zj", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zj", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zj", 36, 6, 2147483647LL, 2147483647ULL, 2147483647LL, 2147483647ULL, 0},
    {"zik0zk", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zk", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zk", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zk", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zk", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"zik0zk", 36, 6, 2147483648LL, 2147483648ULL, 2147483647LL, 2147483648ULL, 4},
    {"12abc", 0, 2, 12LL, 12ULL, 12LL, 12ULL, 0},
    {"12abc", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"12abc", 8, 2, 10LL, 10ULL, 10LL, 10ULL, 0},
    {"12abc", 10, 2, 12LL, 12ULL, 12LL, 12ULL, 0},
    {"12abc", 16, 5, 76476LL, 76476ULL, 76476LL, 76476ULL, 0},
    {"12abc", 36, 5, 1786296LL, 1786296ULL, 1786296LL, 1786296ULL, 0},
    {"\x80" "1", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\x80" "1", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\x80" "1", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\x80" "1", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\x80" "1", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\x80" "1", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"1\x80" "", 0, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1\x80" "", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1\x80" "", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1\x80" "", 10, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1\x80" "", 16, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1\x80" "", 36, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"+", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"+", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"-", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x+1", 0, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x+1", 2, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x+1", 8, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x+1", 10, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x+1", 16, 1, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"0x+1", 36, 2, 33LL, 33ULL, 33LL, 33ULL, 0},
    {"000000000000000000000000000000000000000000000000000000000001", 0, 60, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"000000000000000000000000000000000000000000000000000000000001", 2, 60, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"000000000000000000000000000000000000000000000000000000000001", 8, 60, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"000000000000000000000000000000000000000000000000000000000001", 10, 60, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"000000000000000000000000000000000000000000000000000000000001", 16, 60, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"000000000000000000000000000000000000000000000000000000000001", 36, 60, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"  -  5", 0, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"  -  5", 2, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"  -  5", 8, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"  -  5", 10, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"  -  5", 16, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"  -  5", 36, 0, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\t+0x7FfF", 0, 8, 32767LL, 32767ULL, 32767LL, 32767ULL, 0},
    {"\t+0x7FfF", 2, 3, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\t+0x7FfF", 8, 3, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\t+0x7FfF", 10, 3, 0LL, 0ULL, 0LL, 0ULL, 0},
    {"\t+0x7FfF", 16, 8, 32767LL, 32767ULL, 32767LL, 32767ULL, 0},
    {"\t+0x7FfF", 36, 8, 55773915LL, 55773915ULL, 55773915LL, 55773915ULL, 0},
    {"1 2", 0, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1 2", 2, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1 2", 8, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1 2", 10, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1 2", 16, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
    {"1 2", 36, 1, 1LL, 1ULL, 1LL, 1ULL, 0},
};
// clang-format on

TEST(PortableStrtol, GoldenVectors) {
  int checked = 0;
  for (const Golden& g : kGolden) {
    const long want_l =
        kLong64 ? static_cast<long>(g.ll) : static_cast<long>(g.l32);
    const unsigned long want_ul = kLong64 ? static_cast<unsigned long>(g.ull)
                                          : static_cast<unsigned long>(g.ul32);
    const bool l_erange = (g.erange & (kLong64 ? 1u : 4u)) != 0;
    const bool ul_erange = (g.erange & (kLong64 ? 2u : 8u)) != 0;
    char* end = nullptr;

    hcl_errno = 0;
    EXPECT_EQ(hcl_strtoll(g.s, &end, g.base), g.ll)
        << "strtoll(\"" << g.s << "\", " << g.base << ")";
    EXPECT_EQ(hcl_errno, (g.erange & 1u) ? HCL_ERANGE : 0) << g.s;
    EXPECT_EQ(end - g.s, g.end) << "strtoll end: " << g.s << " " << g.base;

    hcl_errno = 0;
    end = nullptr;
    EXPECT_EQ(hcl_strtoull(g.s, &end, g.base), g.ull)
        << "strtoull(\"" << g.s << "\", " << g.base << ")";
    EXPECT_EQ(hcl_errno, (g.erange & 2u) ? HCL_ERANGE : 0) << g.s;
    EXPECT_EQ(end - g.s, g.end) << "strtoull end: " << g.s << " " << g.base;

    hcl_errno = 0;
    end = nullptr;
    EXPECT_EQ(hcl_strtol(g.s, &end, g.base), want_l)
        << "strtol(\"" << g.s << "\", " << g.base << ")";
    EXPECT_EQ(hcl_errno, l_erange ? HCL_ERANGE : 0) << g.s;
    EXPECT_EQ(end - g.s, g.end) << "strtol end: " << g.s << " " << g.base;

    hcl_errno = 0;
    end = nullptr;
    EXPECT_EQ(hcl_strtoul(g.s, &end, g.base), want_ul)
        << "strtoul(\"" << g.s << "\", " << g.base << ")";
    EXPECT_EQ(hcl_errno, ul_erange ? HCL_ERANGE : 0) << g.s;
    EXPECT_EQ(end - g.s, g.end) << "strtoul end: " << g.s << " " << g.base;
    ++checked;
  }
  EXPECT_EQ(checked, 432);
}

TEST(PortableStrtol, LimitsOfThisCpu) {
  char* end = nullptr;
  hcl_errno = 0;
  EXPECT_EQ(hcl_strtol("99999999999999999999", &end, 10), LONG_MAX);
  EXPECT_EQ(hcl_errno, HCL_ERANGE);
  EXPECT_EQ(*end, '\0');
  hcl_errno = 0;
  EXPECT_EQ(hcl_strtol("-99999999999999999999", &end, 10), LONG_MIN);
  EXPECT_EQ(hcl_errno, HCL_ERANGE);
  hcl_errno = 0;
  EXPECT_EQ(hcl_strtoul("99999999999999999999", &end, 10), ULONG_MAX);
  EXPECT_EQ(hcl_errno, HCL_ERANGE);
  hcl_errno = 0;
  EXPECT_EQ(hcl_strtoll("-9223372036854775808", &end, 10), LLONG_MIN);
  EXPECT_EQ(hcl_errno, 0);
  hcl_errno = 0;
  EXPECT_EQ(hcl_strtoull("-1", &end, 10), ULLONG_MAX) << "negated in the type";
  EXPECT_EQ(hcl_errno, 0);
  EXPECT_EQ(hcl_strtoul("-1", &end, 10), ULONG_MAX);
}

// ---- A reference model of C11 7.22.1.4 ------------------------------------

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

struct Parsed {
  bool negative;
  bool overflow;           // the magnitude exceeded (limit)
  unsigned long long mag;  // clamped to (limit)
  long end;                // 0 when no digits
};

// Parses (s) in (base) (0 or 2..36), the magnitude limited to
// (limit_pos) or (limit_neg) by sign.
Parsed RefParse(const char* s, int base, unsigned long long limit_pos,
                unsigned long long limit_neg) {
  Parsed r = {false, false, 0, 0};
  const char* p = s;
  while (IsSpace(*p)) ++p;
  if (*p == '+' || *p == '-') r.negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' &&
      (p[1] == 'x' || p[1] == 'X') && DigitValue(p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  const unsigned long long limit = r.negative ? limit_neg : limit_pos;
  const unsigned long long b = static_cast<unsigned long long>(base);
  const char* digits = p;
  for (int d; (d = DigitValue(*p)) < base; ++p) {
    const unsigned long long ud = static_cast<unsigned long long>(d);
    if (r.overflow || r.mag > (limit - ud) / b) {
      r.overflow = true;
      r.mag = limit;
    } else {
      r.mag = r.mag * b + ud;
    }
  }
  if (p == digits) return Parsed{false, false, 0, 0};
  r.end = p - s;
  return r;
}

// Checks all four functions on (s) in (base) against the model.
void CheckAgainstModel(const char* s, int base) {
  const unsigned long long lmax = static_cast<unsigned long long>(LONG_MAX);
  const unsigned long long llmax = static_cast<unsigned long long>(LLONG_MAX);
  char* end = nullptr;
  {
    const Parsed m = RefParse(s, base, lmax, lmax + 1);
    const long want = m.overflow ? (m.negative ? LONG_MIN : LONG_MAX)
                                 : (m.negative ? static_cast<long>(0 - m.mag)
                                               : static_cast<long>(m.mag));
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtol(s, &end, base), want) << s << " base " << base;
    EXPECT_EQ(hcl_errno, m.overflow ? HCL_ERANGE : 0) << s << " " << base;
    EXPECT_EQ(end - s, m.end) << s << " base " << base;
  }
  {
    const Parsed m = RefParse(s, base, llmax, llmax + 1);
    const long long want = m.overflow
                               ? (m.negative ? LLONG_MIN : LLONG_MAX)
                               : (m.negative ? static_cast<long long>(0 - m.mag)
                                             : static_cast<long long>(m.mag));
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtoll(s, &end, base), want) << s << " base " << base;
    EXPECT_EQ(hcl_errno, m.overflow ? HCL_ERANGE : 0) << s << " " << base;
    EXPECT_EQ(end - s, m.end) << s << " base " << base;
  }
  {
    const Parsed m = RefParse(s, base, ULONG_MAX, ULONG_MAX);
    const unsigned long v = static_cast<unsigned long>(m.mag);
    const unsigned long want =
        m.overflow ? ULONG_MAX : (m.negative ? 0 - v : v);
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtoul(s, &end, base), want) << s << " base " << base;
    EXPECT_EQ(hcl_errno, m.overflow ? HCL_ERANGE : 0) << s << " " << base;
    EXPECT_EQ(end - s, m.end) << s << " base " << base;
  }
  {
    const Parsed m = RefParse(s, base, ULLONG_MAX, ULLONG_MAX);
    const unsigned long long want =
        m.overflow ? ULLONG_MAX : (m.negative ? 0 - m.mag : m.mag);
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtoull(s, &end, base), want) << s << " base " << base;
    EXPECT_EQ(hcl_errno, m.overflow ? HCL_ERANGE : 0) << s << " " << base;
    EXPECT_EQ(end - s, m.end) << s << " base " << base;
  }
}

using Rng = hcall::testing::SplitMix64;

TEST(PortableStrtol, RandomStringsAgainstAModel) {
  Rng rng{12};
  static const char kAlphabet[] = "0123456789abcdefxXzZ+- \t";
  static const int kBases[] = {0, 0, 2, 8, 10, 10, 16, 16, 36, 3, 7, 35};
  for (int iter = 0; iter < 20000; ++iter) {
    char s[32];
    // Long runs of digits reach every overflow boundary.
    const bool digits_only = rng.Below(4) == 0;
    const uint32_t n = rng.Below(digits_only ? 30 : 24);
    for (uint32_t i = 0; i < n; ++i) {
      s[i] = digits_only ? static_cast<char>('0' + rng.Below(10))
                         : kAlphabet[rng.Below(sizeof(kAlphabet) - 1)];
    }
    s[n] = '\0';
    CheckAgainstModel(s, kBases[rng.Below(sizeof(kBases) / sizeof(kBases[0]))]);
  }
  // Every power of each base near the top of each width.
  static const char* const kEdges[] = {
      "2147483647",           "2147483648",           "-2147483648",
      "-2147483649",          "4294967295",           "4294967296",
      "-4294967296",          "9223372036854775807",  "9223372036854775808",
      "-9223372036854775809", "18446744073709551615", "18446744073709551616",
      "0x7fffffff",           "0xffffffff",           "0x100000000",
      "0xffffffffffffffff",   "0x10000000000000000",  "-0x8000000000000000"};
  static const int kAll[] = {0, 2, 8, 10, 16, 36};
  for (const char* s : kEdges) {
    for (int base : kAll) CheckAgainstModel(s, base);
  }
}

TEST(PortableStrtol, InvalidBases) {
  static const int kBad[] = {-1, 1, 37, 100, INT_MIN};
  for (int base : kBad) {
    const char* s = "123";
    char* end = nullptr;
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtol(s, &end, base), 0) << base;
    EXPECT_EQ(hcl_errno, HCL_EINVAL) << base;
    EXPECT_EQ(end, s) << base;
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtoull(s, &end, base), 0u) << base;
    EXPECT_EQ(hcl_errno, HCL_EINVAL) << base;
  }
}

TEST(PortableStrtol, NoDigitsLeavesEndAtTheStart) {
  static const char* const kNone[] = {"", "   ", "+", "-", " + 1", "0x", "xyz"};
  for (const char* s : kNone) {
    char* end = nullptr;
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtol(s, &end, 10), 0) << s;
    EXPECT_EQ(hcl_errno, 0) << s;
    // "0x" in base 10 reads the 0.
    if (s[0] == '0') {
      EXPECT_EQ(end, s + 1) << s;
    } else {
      EXPECT_EQ(end, s) << s;
    }
  }
}

TEST(PortableStrtol, AtoiAndNullEnd) {
  EXPECT_EQ(hcl_atoi("0"), 0);
  EXPECT_EQ(hcl_atoi("42"), 42);
  EXPECT_EQ(hcl_atoi("-42"), -42);
  EXPECT_EQ(hcl_atoi("  +7x"), 7);
  EXPECT_EQ(hcl_atoi("2147483647"), INT_MAX);
  EXPECT_EQ(hcl_atoi("abc"), 0);
  EXPECT_EQ(hcl_atol("-123456"), -123456L);
  EXPECT_EQ(hcl_atoll("-9000000000"), -9000000000LL);
  EXPECT_EQ(hcl_strtoul("77", nullptr, 8), 63u);
  EXPECT_EQ(hcl_strtoll("zz", nullptr, 36), 35 * 36 + 35);
}

}  // namespace
