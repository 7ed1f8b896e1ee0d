// capability/table_fuzzer.h -- the input format of table_fuzzer.cc, shared
// with the seed corpus generator (make_corpus.cc).
//
// An input is a set-up followed by operations; bytes missing at the end
// read as 0.
//
//   set-up   byte 0         max descriptors = 1 + b % kMaxFds, plus
//                           Table::kInlineDescriptors if bit 7 is set (the
//                           descriptors then live in mapped storage)
//            byte 1         grant count = b % (kMaxGrants + 1)
//            per grant      2 bytes: rights = b0 & kRightsAll;
//                           kind = 1 + (b1 & 3) % 3 (console rights are masked
//                           to kRightsConsole); preopen descriptor =
//                           (b1 >> 2) if below max and not yet used
//            next byte      quota = b pages
//   op       1 byte         opcode = b % kOpCount, then its arguments:
//            kOpen          name byte (grant b % (count + 2): count means
//                           "nope", count + 1 means ""), flags byte (see
//                           open_flags() in table_fuzzer.cc)
//            kDup kClose kRevoke kRights kRead kWrite kPread kPwrite
//            kFsync kFstat kIsatty
//                           fd byte
//            kDup2          fd byte, fd byte
//            kAttenuate     fd byte, rights byte (bit 6 = a reserved bit)
//            kMap           pages byte (1 + b % 4; bit 7 = add 1 byte, a
//                           length the backend rejects)
//            kUnmap         (none) unmaps the newest mapping
//   fd byte  descriptor = b % (kMaxFds + 4) - 2: -2..kMaxFds+1
#ifndef HCALL_CAPABILITY_TABLE_FUZZER_H_
#define HCALL_CAPABILITY_TABLE_FUZZER_H_

#include <stdint.h>

namespace hcall::cap::table_fuzz {

inline constexpr int kMaxFds = 16;
inline constexpr uint8_t kMappedDescriptorsBit = 0x80;
inline constexpr int kMaxGrants = 4;

enum Opcode : uint8_t {
  kOpen,
  kDup,
  kDup2,
  kClose,
  kAttenuate,
  kRevoke,
  kRights,
  kRead,
  kWrite,
  kPread,
  kPwrite,
  kFsync,
  kFstat,
  kIsatty,
  kMap,
  kUnmap,
  kOpCount
};

// The fd byte that decodes to descriptor (fd), -2 <= fd <= kMaxFds + 1.
constexpr uint8_t fd_byte(int fd) { return static_cast<uint8_t>(fd + 2); }

}  // namespace hcall::cap::table_fuzz

#endif  // HCALL_CAPABILITY_TABLE_FUZZER_H_
