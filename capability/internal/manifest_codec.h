// capability/internal/manifest_codec.h -- what the manifest's parser
// (manifest_validate.cc), cursor (manifest_cursor.cc) and encoder
// (manifest_encode.cc) share: little-endian field access and the builder
// of a ManifestError's one-line reason. Not public API.
#ifndef HCALL_CAPABILITY_INTERNAL_MANIFEST_CODEC_H_
#define HCALL_CAPABILITY_INTERNAL_MANIFEST_CODEC_H_

#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "capability/manifest.h"
#include "format/digits.h"

namespace hcall::cap::internal {

// Little-endian field access, byte by byte: no alignment assumptions and
// the same result on any host byte order.
inline uint16_t get16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

inline uint32_t get32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

inline uint64_t get64(const uint8_t* p) {
  return static_cast<uint64_t>(get32(p)) |
         (static_cast<uint64_t>(get32(p + 4)) << 32);
}

inline void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}

inline void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

inline void put64(uint8_t* p, uint64_t v) {
  put32(p, static_cast<uint32_t>(v));
  put32(p + 4, static_cast<uint32_t>(v >> 32));
}

// Builds the one-line reason in a ManifestError (or nowhere, if the caller
// passed none); silently truncates at the buffer's end.
class Message {
 public:
  explicit Message(ManifestError* err) : err_(err), len_(0) {
    if (err_ != nullptr) err_->message[0] = '\0';
  }

  Message& text(const char* s) {
    while (*s != '\0') put(*s++);
    return *this;
  }

  Message& dec(uint64_t v) {
    char digits[format::kDigitsBufferSize];
    format::Decimal(v, digits);
    return text(digits);
  }

  Message& sdec(int64_t v) {
    char digits[format::kDigitsBufferSize];
    format::Signed(v, digits);
    return text(digits);
  }

  Message& hex(uint64_t v) {
    char digits[format::kDigitsBufferSize];
    format::Hex(v, digits);
    return text("0x").text(digits);
  }

  // Starts a message about entry (index).
  Message& entry(uint32_t index) {
    return text("manifest entry ").dec(index).text(": ");
  }

  // Ends a message: the parser's failure result.
  int fail() const { return -HCALL_EINVAL; }

 private:
  void put(char c) {
    if (err_ == nullptr || len_ + 1 >= sizeof(err_->message)) return;
    err_->message[len_++] = c;
    err_->message[len_] = '\0';
  }

  ManifestError* err_;
  size_t len_;
};

}  // namespace hcall::cap::internal

#endif  // HCALL_CAPABILITY_INTERNAL_MANIFEST_CODEC_H_
