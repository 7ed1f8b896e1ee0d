// capability/rights.h -- the rights a capability carries.
//
// A right permits one family of operations on a descriptor. Each checked
// operation needs exactly one right; a descriptor that lacks it gets
// -HCALL_EACCES and the backend is never called.
//
//   right          operations it permits
//   kRightRead     read()
//   kRightWrite    write()
//   kRightPread    pread() (positioned read; "SEEK" in the issue: a later
//                  lseek() will need it too)
//   kRightPwrite   pwrite()
//   kRightFsync    fsync()
//   kRightStat     fstat() and isatty()
//
// The bit values are part of the boot manifest format (MANIFEST.md) and
// never change; bits above kRightsAll are reserved and a manifest that sets
// one is rejected.
#ifndef HCALL_CAPABILITY_RIGHTS_H_
#define HCALL_CAPABILITY_RIGHTS_H_

#include <stdint.h>

namespace hcall::cap {

using Rights = uint32_t;

inline constexpr Rights kRightRead = 1u << 0;
inline constexpr Rights kRightWrite = 1u << 1;
inline constexpr Rights kRightPread = 1u << 2;
inline constexpr Rights kRightPwrite = 1u << 3;
inline constexpr Rights kRightFsync = 1u << 4;
inline constexpr Rights kRightStat = 1u << 5;

inline constexpr Rights kRightsNone = 0;
inline constexpr Rights kRightsAll = kRightRead | kRightWrite | kRightPread |
                                     kRightPwrite | kRightFsync | kRightStat;

// The rights a console can carry: it cannot seek or be synchronised.
inline constexpr Rights kRightsConsole = kRightRead | kRightWrite | kRightStat;

// The rights that let a descriptor read (open's O_RDONLY needs one of them)
// and those that let it write (O_WRONLY).
inline constexpr Rights kRightsReading = kRightRead | kRightPread;
inline constexpr Rights kRightsWriting = kRightWrite | kRightPwrite;

// True if every right in (sub) is also in (super).
constexpr bool is_subset(Rights sub, Rights super) {
  return (sub & ~super) == 0;
}

// True if (r) has no reserved bit.
constexpr bool is_known(Rights r) { return (r & ~kRightsAll) == 0; }

}  // namespace hcall::cap

#endif  // HCALL_CAPABILITY_RIGHTS_H_
