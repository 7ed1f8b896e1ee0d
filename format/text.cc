#include "format/text.h"

#include <stddef.h>

#include "format/digits.h"

namespace hcall::format {

TextOut& TextOut::Str(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  sink_->Put(s, n);
  return *this;
}

TextOut& TextOut::Dec(uint64_t v) {
  char digits[kDigitsBufferSize];
  sink_->Put(digits, Decimal(v, digits));
  return *this;
}

TextOut& TextOut::Signed(int64_t v) {
  char digits[kDigitsBufferSize];
  sink_->Put(digits, format::Signed(v, digits));
  return *this;
}

TextOut& TextOut::Hex(uint64_t v) {
  char digits[kDigitsBufferSize];
  const size_t n = format::Hex(v, digits);
  sink_->Put("0x", 2);
  sink_->Put(digits, n);
  return *this;
}

void TextOut::Flush() {
  if (sink_->drain == nullptr || sink_->pos == 0) return;
  sink_->drain(sink_->ctx, sink_->buf, sink_->pos);
  sink_->pos = 0;
}

}  // namespace hcall::format
