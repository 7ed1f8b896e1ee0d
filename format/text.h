// format/text.h -- a message built a piece at a time on a Sink: text,
// decimal, signed decimal and 0x-prefixed hexadecimal.
//
// What the layers' message builders share: the manifest's one-line error
// reasons (capability/internal/manifest_codec.h, a fixed buffer that
// truncates) and the fiber deadlock report (fibers/deadlock_report.cc, a
// small window drained to the error console). Each of them keeps only
// where the bytes go, which is the Sink they pass in. Freestanding, like
// the rest of format/.
#ifndef HCALL_FORMAT_TEXT_H_
#define HCALL_FORMAT_TEXT_H_

#include <stdint.h>

#include "format/printf_core.h"

namespace hcall::format {

class TextOut {
 public:
  // Writes to (sink), which must outlive this object.
  explicit TextOut(Sink* sink) : sink_(sink) {}
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;

  // (s), a NUL-terminated string, without its NUL.
  TextOut& Str(const char* s);
  // (v) in decimal.
  TextOut& Dec(uint64_t v);
  // (v) in decimal, with a '-' when negative (INT64_MIN included).
  TextOut& Signed(int64_t v);
  // "0x" and (v) in lower-case hexadecimal.
  TextOut& Hex(uint64_t v);
  // Hands what the sink's window holds to its drain, if it has one, and
  // empties the window; without a drain it does nothing.
  void Flush();

 private:
  Sink* sink_;
};

}  // namespace hcall::format

#endif  // HCALL_FORMAT_TEXT_H_
