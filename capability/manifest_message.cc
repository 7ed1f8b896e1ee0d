// capability/manifest_message.cc -- the appenders of internal::Message,
// the builder of a ManifestError's reason (internal/manifest_codec.h).
#include <stdint.h>

#include "capability/internal/manifest_codec.h"
#include "capability/manifest.h"

namespace hcall::cap::internal {

Message::Message(ManifestError* err)
    : err_(err),
      sink_{err != nullptr ? err->message : nullptr,
            err != nullptr ? sizeof(err->message) - 1 : 0,
            0,
            0,
            nullptr,
            nullptr},
      out_(&sink_) {
  terminated();
}

Message& Message::text(const char* s) {
  out_.Str(s);
  return terminated();
}

Message& Message::dec(uint64_t v) {
  out_.Dec(v);
  return terminated();
}

Message& Message::sdec(int64_t v) {
  out_.Signed(v);
  return terminated();
}

Message& Message::hex(uint64_t v) {
  out_.Hex(v);
  return terminated();
}

Message& Message::entry(uint32_t index) {
  return text("manifest entry ").dec(index).text(": ");
}

Message& Message::terminated() {
  if (err_ != nullptr) err_->message[sink_.pos] = '\0';
  return *this;
}

}  // namespace hcall::cap::internal
