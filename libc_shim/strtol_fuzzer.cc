// libFuzzer target: the strto* family against glibc. Input: byte 0 picks
// the base (-1..38), the rest is the string (NUL-terminated copy). Value,
// errno and end pointer must equal glibc's (the end pointer only for valid
// bases: glibc leaves it alone otherwise).
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <string>

#include "hcl/errno.h"
#include "hcl/stdlib.h"

namespace {

template <typename T>
void Check(const std::string& s, int base, T (*ours)(const char*, char**, int),
           T (*theirs)(const char*, char**, int)) {
  char* e1 = nullptr;
  char* e2 = nullptr;
  hcl_errno = 0;
  errno = 0;
  const T a = ours(s.c_str(), &e1, base);
  const int ea = hcl_errno;
  const T b = theirs(s.c_str(), &e2, base);
  const int eb = errno;
  const bool valid_base = base == 0 || (base >= 2 && base <= 36);
  if (a != b || ea != eb || (valid_base && e1 != e2)) {
    fprintf(stderr, "mismatch for \"%s\" base %d\n", s.c_str(), base);
    abort();
  }
}

}  // namespace

// libFuzzer's entry point (no header declares it).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int base = static_cast<int>(data[0] % 40) - 1;
  const std::string s(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string z = s.c_str();  // up to the first NUL
  Check<long>(z, base, hcl_strtol, strtol);
  Check<unsigned long>(z, base, hcl_strtoul, strtoul);
  Check<long long>(z, base, hcl_strtoll, strtoll);
  Check<unsigned long long>(z, base, hcl_strtoull, strtoull);
  return 0;
}
