// format/printf_core.h -- what hcall's two printf engines share: the output
// sink, the parsing of a conversion's flags, width, precision and length,
// fetching its integer argument, and laying out a padded number or text.
//
// The engines themselves stay with their layers, because they promise
// different things: libc_shim's vformat is glibc's printf byte for byte and
// rejects what it does not support (hcl/stdio.h); the rump kernel's FormatV
// (rumpkernel/console.cc) is NetBSD's kernel printf, which accepts the BSD
// 'q' length and copies an unknown conversion as it stands. Each keeps its
// own conversion switch and calls these pieces. Freestanding, like
// digits.h, and for the same reason free of 64-bit division.
#ifndef HCALL_FORMAT_PRINTF_CORE_H_
#define HCALL_FORMAT_PRINTF_CORE_H_

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

namespace hcall::format {

// Where formatted text goes: a window [buf, buf + cap). When it is full,
// (drain) (if set) is called with the window's (pos) bytes and the window
// starts over; without (drain) the rest is counted but dropped (snprintf).
struct Sink {
  char* buf;
  size_t cap;
  size_t pos;
  size_t total;  // every byte produced, stored or not
  void (*drain)(void* ctx, const char* bytes, size_t len);
  void* ctx;

  void Put(const char* s, size_t n);
  void Put(char c) { Put(&c, 1); }
  void Pad(char c, size_t n);

  // Room for up to (n) more bytes at buf + pos, draining a full window
  // first; 0 when the window is full and there is no drain.
  size_t RoomFor(size_t n);
};

// Length modifiers: none, hh, h, l, ll (and BSD q), z, j, t.
enum class Length {
  kNone,
  kChar,
  kShort,
  kLong,
  kLongLong,
  kSize,
  kMax,
  kPtrdiff
};

// One conversion's flags, width and precision.
struct Spec {
  bool left = false;   // '-'
  bool plus = false;   // '+'
  bool space = false;  // ' '
  bool alt = false;    // '#'
  bool zero = false;   // '0'
  int width = 0;
  int precision = -1;  // -1: none
  Length length = Length::kNone;
};

// Parses the flags, width, precision and length of a conversion from (*p)
// (just past its '%') into (*spec), taking '*' arguments from (*ap), and
// leaves (*p) at the conversion character. A negative '*' width means '-'
// and its magnitude; a negative '*' precision means none. 'q' is a length
// (long long) only if (accept_q). Returns false if the width or a
// precision does not fit in an int (INT_MIN included); (*spec) then holds
// what was read, clamped.
bool ParseSpec(const char** p, va_list* ap, bool accept_q, Spec* spec);

// The argument of a signed (d, i) or unsigned (u, o, x, X) conversion of
// (length), read from (*ap) and converted as printf converts it.
int64_t SignedArg(Length length, va_list* ap);
uint64_t UnsignedArg(Length length, va_list* ap);

// An integer to lay out: its magnitude and sign, base (8, 10 or 16) and
// case, whether '+' and ' ' may add a sign, and whether it is a pointer
// (always "0x", and a zero pointer keeps its digit at precision 0).
struct Number {
  uint64_t magnitude;
  bool negative;
  unsigned base;
  bool upper;
  bool sign_flags;
  bool pointer;
};

// Writes (n) to (out) as (spec) asks: sign, "0x"/"0X" (hexadecimal with
// '#' and a non-zero value, or a pointer), the precision's zeros (octal
// '#' adds one unless the first digit is 0), and the width's padding
// (zeros with '0' and no precision, else spaces; on the right with '-').
void EmitNumber(Sink* out, const Spec& spec, const Number& n);

// Writes (len) bytes of (s) padded with spaces to (spec)'s width, on the
// right with '-'; the precision is the caller's to apply.
void EmitText(Sink* out, const Spec& spec, const char* s, size_t len);

}  // namespace hcall::format

#endif  // HCALL_FORMAT_PRINTF_CORE_H_
