// libc_shim/strtol.cc -- strtol, strtoul, strtoll, strtoull, atoi (C11
// 7.22.1.4): optional white space (" \t\n\v\f\r"), an optional sign, an
// optional 0x/0X prefix for base 16 or 0 (only when a hex digit follows),
// base 0 picking 8 for a leading 0; out-of-range values give the type's
// limit and ERANGE; no digits give 0 with (*end) = (s); an invalid base
// (not 0 or 2..36) gives 0, EINVAL and (*end) = (s). The unsigned forms
// negate a value read with '-' in the unsigned type, as C says. "0b"
// prefixes (C23) are not accepted. No division is used, so 32-bit CPUs
// need no libgcc helper.
#include <limits.h>
#include <stddef.h>

#include "hcl/errno.h"
#include "hcl/stdlib.h"

namespace {

inline bool is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// The value of (c) as a digit, or 99.
inline unsigned digit_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return 99;
}

// Parses into (magnitude) as unsigned long long, clamped to (limit_pos) or
// (limit_neg) by sign; sets (*negative) and (*overflow).
const char* parse(const char* s, int base, unsigned long long limit_pos,
                  unsigned long long limit_neg, unsigned long long* magnitude,
                  bool* negative, bool* overflow, bool* ok) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  *ok = false;
  *overflow = false;
  *negative = false;
  *magnitude = 0;
  if (base < 0 || base == 1 || base > 36) return s;
  while (is_space(*p)) ++p;
  if (*p == '+' || *p == '-') {
    *negative = *p == '-';
    ++p;
  }
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' &&
      digit_value(p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  const unsigned long long limit = *negative ? limit_neg : limit_pos;
  const unsigned long long b = static_cast<unsigned long long>(base);
  unsigned long long acc = 0;
  const unsigned char* start = p;
  for (unsigned d; (d = digit_value(*p)) < static_cast<unsigned>(base); ++p) {
    if (*overflow) continue;
    unsigned long long next;
    if (__builtin_mul_overflow(acc, b, &next) ||
        __builtin_add_overflow(next, d, &next) || next > limit) {
      *overflow = true;
      acc = limit;
      continue;
    }
    acc = next;
  }
  if (p == start) return s;
  *ok = true;
  *magnitude = acc;
  return reinterpret_cast<const char*>(p);
}

template <typename T>
T to_signed(const char* s, char** end, int base, T max) {
  unsigned long long m;
  bool neg, overflow, ok;
  const unsigned long long umax = static_cast<unsigned long long>(max);
  const char* stop = parse(s, base, umax, umax + 1, &m, &neg, &overflow, &ok);
  if (end != nullptr) *end = const_cast<char*>(stop);
  if (base < 0 || base == 1 || base > 36) {
    hcl_errno = HCL_EINVAL;
    return 0;
  }
  if (!ok) return 0;
  if (overflow) {
    hcl_errno = HCL_ERANGE;
    return neg ? static_cast<T>(-max - 1) : max;
  }
  // m <= max + 1 when negative: -(max + 1) is the minimum, computed without
  // signed overflow.
  if (neg) return m == 0 ? 0 : static_cast<T>(-static_cast<T>(m - 1) - 1);
  return static_cast<T>(m);
}

template <typename U>
U to_unsigned(const char* s, char** end, int base, U max) {
  unsigned long long m;
  bool neg, overflow, ok;
  const char* stop = parse(s, base, max, max, &m, &neg, &overflow, &ok);
  if (end != nullptr) *end = const_cast<char*>(stop);
  if (base < 0 || base == 1 || base > 36) {
    hcl_errno = HCL_EINVAL;
    return 0;
  }
  if (!ok) return 0;
  if (overflow) {
    hcl_errno = HCL_ERANGE;
    return max;
  }
  const U v = static_cast<U>(m);
  return neg ? static_cast<U>(-v) : v;
}

}  // namespace

extern "C" long hcl_strtol(const char* s, char** end, int base) {
  return to_signed<long>(s, end, base, LONG_MAX);
}

extern "C" long long hcl_strtoll(const char* s, char** end, int base) {
  return to_signed<long long>(s, end, base, LLONG_MAX);
}

extern "C" unsigned long hcl_strtoul(const char* s, char** end, int base) {
  return to_unsigned<unsigned long>(s, end, base, ULONG_MAX);
}

extern "C" unsigned long long hcl_strtoull(const char* s, char** end,
                                           int base) {
  return to_unsigned<unsigned long long>(s, end, base, ULLONG_MAX);
}

extern "C" int hcl_atoi(const char* s) {
  return static_cast<int>(hcl_strtol(s, nullptr, 10));
}

extern "C" long hcl_atol(const char* s) { return hcl_strtol(s, nullptr, 10); }

extern "C" long long hcl_atoll(const char* s) {
  return hcl_strtoll(s, nullptr, 10);
}
