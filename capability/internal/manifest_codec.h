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
#include "format/printf_core.h"
#include "format/text.h"

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
// passed none); silently truncates at the buffer's end, which stays
// NUL-terminated. The pieces are //format:text's; this class keeps the
// buffer, the entry prefix and the parser's failure result.
//
// The appenders are out of line (manifest_message.cc): the parser has some
// fifty reasons, and each say() then costs a call per piece instead of a
// copy of the formatting code (parse_manifest's object was 8.2 KB with them
// inline, in every image).
class Message {
 public:
  explicit Message(ManifestError* err);
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;

  Message& text(const char* s);
  Message& dec(uint64_t v);
  Message& sdec(int64_t v);
  Message& hex(uint64_t v);

  // Starts a message about entry (index).
  Message& entry(uint32_t index);

  // A piece of say() written in hexadecimal ("0x...").
  struct Hex {
    uint64_t value;
  };

  // Appends (pieces) in order and returns fail(): a string as it stands,
  // an integer in decimal (with its sign if its type is signed), a Hex in
  // hexadecimal. One call per reason:
  //   return m.say("unsupported version ", version, " (reads ", 1, ")");
  template <typename... Pieces>
  int say(const Pieces&... pieces) {
    (piece(pieces), ...);
    return fail();
  }

  // Ends a message: the parser's failure result.
  int fail() const { return -HCALL_EINVAL; }

 private:
  void piece(const char* s) { text(s); }
  void piece(Hex h) { hex(h.value); }
  template <typename Int>
  void piece(Int v) {
    if (static_cast<Int>(-1) < static_cast<Int>(0)) {
      sdec(static_cast<int64_t>(v));
    } else {
      dec(static_cast<uint64_t>(v));
    }
  }

  Message& terminated();

  ManifestError* err_;
  format::Sink sink_;
  format::TextOut out_;
};

}  // namespace hcall::cap::internal

#endif  // HCALL_CAPABILITY_INTERNAL_MANIFEST_CODEC_H_
