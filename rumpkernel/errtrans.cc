// rumpkernel/errtrans.cc -- host (Linux-numbered) errno values into
// NetBSD's: for rumpuser's own results (NbErrnoFromCap, NbErrnoFromHc) and
// for rumpuser_component_errtrans.
//
// hcall's POSIX-facing layers (capability/errors.h, the libc shim) number
// errors as Linux does, the same on x86_64, aarch64 and arm. A rump kernel
// understands NetBSD's numbers only. Values 1..34 agree except 11; the
// rest differ or have no NetBSD counterpart, and those become EIO.
#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

// Indexed by the Linux number; 0 means "no NetBSD counterpart" (EIO).
constexpr uint8_t kLinuxToNetbsd[] = {
    0,   // 0
    1,   // EPERM
    2,   // ENOENT
    3,   // ESRCH
    4,   // EINTR
    5,   // EIO
    6,   // ENXIO
    7,   // E2BIG
    8,   // ENOEXEC
    9,   // EBADF
    10,  // ECHILD
    35,  // EAGAIN
    12,  // ENOMEM
    13,  // EACCES
    14,  // EFAULT
    15,  // ENOTBLK
    16,  // EBUSY
    17,  // EEXIST
    18,  // EXDEV
    19,  // ENODEV
    20,  // ENOTDIR
    21,  // EISDIR
    22,  // EINVAL
    23,  // ENFILE
    24,  // EMFILE
    25,  // ENOTTY
    26,  // ETXTBSY
    27,  // EFBIG
    28,  // ENOSPC
    29,  // ESPIPE
    30,  // EROFS
    31,  // EMLINK
    32,  // EPIPE
    33,  // EDOM
    34,  // ERANGE
    11,  // 35 EDEADLK
    63,  // 36 ENAMETOOLONG
    77,  // 37 ENOLCK
    78,  // 38 ENOSYS
    66,  // 39 ENOTEMPTY
    62,  // 40 ELOOP
    0,   // 41 (unused)
    83,  // 42 ENOMSG
    82,  // 43 EIDRM
    0,   // 44 ECHRNG
    0,   // 45 EL2NSYNC
    0,   // 46 EL3HLT
    0,   // 47 EL3RST
    0,   // 48 ELNRNG
    0,   // 49 EUNATCH
    0,   // 50 ENOCSI
    0,   // 51 EL2HLT
    0,   // 52 EBADE
    0,   // 53 EBADR
    0,   // 54 EXFULL
    0,   // 55 ENOANO
    0,   // 56 EBADRQC
    0,   // 57 EBADSLT
    0,   // 58 (unused)
    0,   // 59 EBFONT
    91,  // 60 ENOSTR
    89,  // 61 ENODATA
    92,  // 62 ETIME
    90,  // 63 ENOSR
    0,   // 64 ENONET
    0,   // 65 ENOPKG
    71,  // 66 EREMOTE
    95,  // 67 ENOLINK
    0,   // 68 EADV
    0,   // 69 ESRMNT
    0,   // 70 ECOMM
    96,  // 71 EPROTO
    94,  // 72 EMULTIHOP
    0,   // 73 EDOTDOT
    88,  // 74 EBADMSG
    84,  // 75 EOVERFLOW
    0,   // 76 ENOTUNIQ
    9,   // 77 EBADFD: a descriptor in a bad state
    0,   // 78 EREMCHG
    0,   // 79 ELIBACC
    0,   // 80 ELIBBAD
    0,   // 81 ELIBSCN
    0,   // 82 ELIBMAX
    0,   // 83 ELIBEXEC
    85,  // 84 EILSEQ
    0,   // 85 ERESTART
    0,   // 86 ESTRPIPE
    68,  // 87 EUSERS
    38,  // 88 ENOTSOCK
    39,  // 89 EDESTADDRREQ
    40,  // 90 EMSGSIZE
    41,  // 91 EPROTOTYPE
    42,  // 92 ENOPROTOOPT
    43,  // 93 EPROTONOSUPPORT
    44,  // 94 ESOCKTNOSUPPORT
    45,  // 95 EOPNOTSUPP (= ENOTSUP on Linux)
    46,  // 96 EPFNOSUPPORT
    47,  // 97 EAFNOSUPPORT
    48,  // 98 EADDRINUSE
    49,  // 99 EADDRNOTAVAIL
    50,  // 100 ENETDOWN
    51,  // 101 ENETUNREACH
    52,  // 102 ENETRESET
    53,  // 103 ECONNABORTED
    54,  // 104 ECONNRESET
    55,  // 105 ENOBUFS
    56,  // 106 EISCONN
    57,  // 107 ENOTCONN
    58,  // 108 ESHUTDOWN
    59,  // 109 ETOOMANYREFS
    60,  // 110 ETIMEDOUT
    61,  // 111 ECONNREFUSED
    64,  // 112 EHOSTDOWN
    65,  // 113 EHOSTUNREACH
    37,  // 114 EALREADY
    36,  // 115 EINPROGRESS
    70,  // 116 ESTALE
    0,   // 117 EUCLEAN
    0,   // 118 ENOTNAM
    0,   // 119 ENAVAIL
    0,   // 120 EISNAM
    0,   // 121 EREMOTEIO
    69,  // 122 EDQUOT
    0,   // 123 ENOMEDIUM
    0,   // 124 EMEDIUMTYPE
    87,  // 125 ECANCELED
    0,   // 126 ENOKEY
    0,   // 127 EKEYEXPIRED
    9,   // 128 EKEYREVOKED = HCALL_EREVOKED: the descriptor names nothing
};
static_assert(sizeof(kLinuxToNetbsd) == HCALL_EREVOKED + 1, "table ends");

}  // namespace

int NbErrnoFromLinux(int error) {
  if (error == 0) return 0;
  if (error < 0 || static_cast<size_t>(error) >= sizeof(kLinuxToNetbsd)) {
    return nb::kEIO;
  }
  const int e = kLinuxToNetbsd[error];
  return e != 0 ? e : nb::kEIO;
}

int NbErrnoFromCap(int64_t result) {
  if (result >= 0) return 0;
  if (result < -static_cast<int64_t>(sizeof(kLinuxToNetbsd))) return nb::kEIO;
  return NbErrnoFromLinux(static_cast<int>(-result));
}

int NbErrnoFromHc(int64_t result) {
  return NbErrnoFromCap(cap::from_hc(result));
}

}  // namespace hcall::rump
