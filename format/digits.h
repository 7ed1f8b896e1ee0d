// format/digits.h -- integer to text, for every layer of hcall.
//
// The one place in hcall that turns integers into digits: the backends'
// messages, the fiber deadlock report, the manifest's errors, both printf
// engines and the test harnesses all call it. Freestanding: no libc, no
// hypercall, nothing but <stddef.h> and <stdint.h>.
//
// 32-bit arm and libgcc (decided here, once): nothing in this library calls
// a libgcc helper. A 64-bit division by a variable, and on 32-bit arm even
// by the constant 10, is a call to libgcc's __aeabi_uldivmod, whose
// division-by-zero path (__aeabi_ldiv0) needs raise() from a libc that an
// image does not have. So decimal divides by ten as a multiply by the
// reciprocal on 64-bit CPUs (what the compiler makes of v / 10) and by
// shift-and-add on 32-bit ones (DivMod10); octal and hexadecimal are
// shifts. Code elsewhere that divides 64-bit values on arm must either do
// the same or link libgcc and provide the __aeabi_*div0 hooks, as the
// bare-metal backend does (hypercall/baremetal/aeabi_arm.cc).
#ifndef HCALL_FORMAT_DIGITS_H_
#define HCALL_FORMAT_DIGITS_H_

#include <stddef.h>
#include <stdint.h>

namespace hcall::format {

// Bytes a buffer needs for any number these functions write: 22 octal
// digits of UINT64_MAX, or a sign and 20 decimal digits, plus the NUL.
inline constexpr size_t kDigitsBufferSize = 24;

// The most digits Unsigned() writes (octal UINT64_MAX); a larger
// (min_digits) is clamped to it.
inline constexpr size_t kMaxDigits = 22;

// (v) / 10, with (v) % 10 in (*rem); no division instruction or libgcc
// call on any CPU.
uint64_t DivMod10(uint64_t v, unsigned* rem);

// Writes (v) in (base) (8, 10 or 16; anything else is taken as 10) to
// (out), most significant digit first, at least (min_digits) digits
// (zero-padded; 0 writes nothing for v == 0), with upper-case hexadecimal
// digits if (upper); NUL-terminates and returns the digit count. (out)
// must have kDigitsBufferSize bytes.
size_t Unsigned(uint64_t v, unsigned base, char* out, size_t min_digits = 1,
                bool upper = false);

// (v) in decimal, as Unsigned(v, 10, out).
size_t Decimal(uint64_t v, char* out);

// (v) in decimal with a leading '-' when negative (INT64_MIN included);
// NUL-terminated; returns the length.
size_t Signed(int64_t v, char* out);

// (v) in lower-case hexadecimal, no prefix, at least (min_digits) digits.
size_t Hex(uint64_t v, char* out, size_t min_digits = 1);

}  // namespace hcall::format

#endif  // HCALL_FORMAT_DIGITS_H_
