// hypercall/linux/linux_errno.h -- the Linux errno values hcall looks at.
// They are the asm-generic values, shared by x86_64, aarch64 and arm. A raw
// system call fails with the negated value (e.g. -err::kEINTR).
#ifndef HCALL_HYPERCALL_LINUX_LINUX_ERRNO_H_
#define HCALL_HYPERCALL_LINUX_LINUX_ERRNO_H_

namespace hc_linux {
namespace err {

constexpr long kEPERM = 1;
constexpr long kEINTR = 4;
constexpr long kEIO = 5;
constexpr long kENXIO = 6;
constexpr long kEBADF = 9;
constexpr long kEAGAIN = 11;
constexpr long kENOMEM = 12;
constexpr long kEACCES = 13;
constexpr long kEFAULT = 14;
constexpr long kENODEV = 19;
constexpr long kEISDIR = 21;
constexpr long kEINVAL = 22;
constexpr long kENOTTY = 25;
constexpr long kEFBIG = 27;
constexpr long kENOSPC = 28;
constexpr long kESPIPE = 29;
constexpr long kEROFS = 30;
constexpr long kEPIPE = 32;
constexpr long kERANGE = 34;
constexpr long kENOSYS = 38;
constexpr long kEOVERFLOW = 75;
constexpr long kEOPNOTSUPP = 95;
constexpr long kEDQUOT = 122;

}  // namespace err
}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_LINUX_ERRNO_H_
