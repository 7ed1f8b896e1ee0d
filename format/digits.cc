// format/digits.cc -- see digits.h, which says why there is no division.
#include "format/digits.h"

#include <stddef.h>
#include <stdint.h>

namespace hcall::format {

uint64_t DivMod10(uint64_t v, unsigned* rem) {
#if __SIZEOF_POINTER__ == 8
  const uint64_t q = v / 10;  // a multiply by the reciprocal on 64-bit CPUs
  *rem = static_cast<unsigned>(v - q * 10);
  return q;
#else
  // Shift-and-add reciprocal (Hacker's Delight 10-9): q is v / 10 or one
  // less, which the remainder check corrects.
  uint64_t q = (v >> 1) + (v >> 2);
  q += q >> 4;
  q += q >> 8;
  q += q >> 16;
  q += q >> 32;
  q >>= 3;
  uint64_t r = v - ((q << 3) + (q << 1));
  if (r > 9) {
    ++q;
    r -= 10;
  }
  *rem = static_cast<unsigned>(r);
  return q;
#endif
}

size_t Unsigned(uint64_t v, unsigned base, char* out, size_t min_digits,
                bool upper) {
  const char* const table = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (min_digits > kMaxDigits) min_digits = kMaxDigits;
  // Least significant digit first, at the end of a scratch buffer.
  char scratch[kMaxDigits];
  size_t n = 0;
  if (base == 16 || base == 8) {
    const unsigned shift = base == 16 ? 4 : 3;
    for (; v != 0; v >>= shift) scratch[n++] = table[v & (base - 1)];
  } else {
    while (v != 0) {
      unsigned rem = 0;
      v = DivMod10(v, &rem);
      scratch[n++] = table[rem];
    }
  }
  while (n < min_digits) scratch[n++] = '0';
  for (size_t i = 0; i < n; ++i) out[i] = scratch[n - 1 - i];
  out[n] = '\0';
  return n;
}

size_t Decimal(uint64_t v, char* out) { return Unsigned(v, 10, out); }

size_t Signed(int64_t v, char* out) {
  if (v >= 0) return Unsigned(static_cast<uint64_t>(v), 10, out);
  out[0] = '-';
  return 1 + Unsigned(0 - static_cast<uint64_t>(v), 10, out + 1);
}

size_t Hex(uint64_t v, char* out, size_t min_digits) {
  return Unsigned(v, 16, out, min_digits);
}

}  // namespace hcall::format
