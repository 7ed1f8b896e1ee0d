/* <inttypes.h> of images that take the hcall libc shim as their whole
 * libc: the PRI* format macros of <stdint.h>'s types for the shim's printf
 * (no SCN*: the shim has no scanf; no imaxdiv), imaxabs, strtoimax and
 * strtoumax
 * (hcl_strtoll/hcl_strtoull: intmax_t is 64 bits on every CPU). The length
 * modifiers follow GCC's types: int64_t, intmax_t and the 16/32-bit fast
 * types are long on x86_64 and aarch64, long long or int on arm. */
#ifndef HCALL_LIBC_SHIM_STD_INTTYPES_H_
#define HCALL_LIBC_SHIM_STD_INTTYPES_H_

#include <stddef.h>
#include <stdint.h>

#if __SIZEOF_LONG__ == 8
#define HCL_PRI64_ "l"
#else
#define HCL_PRI64_ "ll"
#endif
#if __INT_FAST16_WIDTH__ == 64
#define HCL_PRIFAST16_ HCL_PRI64_
#else
#define HCL_PRIFAST16_ ""
#endif
#if __INT_FAST32_WIDTH__ == 64
#define HCL_PRIFAST32_ HCL_PRI64_
#else
#define HCL_PRIFAST32_ ""
#endif
#if __SIZEOF_POINTER__ == 8
#define HCL_PRIPTR_ "l"
#else
#define HCL_PRIPTR_ ""
#endif

#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 HCL_PRI64_ "d"
#define PRIdLEAST8 "d"
#define PRIdLEAST16 "d"
#define PRIdLEAST32 "d"
#define PRIdLEAST64 HCL_PRI64_ "d"
#define PRIdFAST8 "d"
#define PRIdFAST16 HCL_PRIFAST16_ "d"
#define PRIdFAST32 HCL_PRIFAST32_ "d"
#define PRIdFAST64 HCL_PRI64_ "d"
#define PRIdMAX HCL_PRI64_ "d"
#define PRIdPTR HCL_PRIPTR_ "d"

#define PRIi8 "i"
#define PRIi16 "i"
#define PRIi32 "i"
#define PRIi64 HCL_PRI64_ "i"
#define PRIiLEAST8 "i"
#define PRIiLEAST16 "i"
#define PRIiLEAST32 "i"
#define PRIiLEAST64 HCL_PRI64_ "i"
#define PRIiFAST8 "i"
#define PRIiFAST16 HCL_PRIFAST16_ "i"
#define PRIiFAST32 HCL_PRIFAST32_ "i"
#define PRIiFAST64 HCL_PRI64_ "i"
#define PRIiMAX HCL_PRI64_ "i"
#define PRIiPTR HCL_PRIPTR_ "i"

#define PRIo8 "o"
#define PRIo16 "o"
#define PRIo32 "o"
#define PRIo64 HCL_PRI64_ "o"
#define PRIoLEAST8 "o"
#define PRIoLEAST16 "o"
#define PRIoLEAST32 "o"
#define PRIoLEAST64 HCL_PRI64_ "o"
#define PRIoFAST8 "o"
#define PRIoFAST16 HCL_PRIFAST16_ "o"
#define PRIoFAST32 HCL_PRIFAST32_ "o"
#define PRIoFAST64 HCL_PRI64_ "o"
#define PRIoMAX HCL_PRI64_ "o"
#define PRIoPTR HCL_PRIPTR_ "o"

#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 HCL_PRI64_ "u"
#define PRIuLEAST8 "u"
#define PRIuLEAST16 "u"
#define PRIuLEAST32 "u"
#define PRIuLEAST64 HCL_PRI64_ "u"
#define PRIuFAST8 "u"
#define PRIuFAST16 HCL_PRIFAST16_ "u"
#define PRIuFAST32 HCL_PRIFAST32_ "u"
#define PRIuFAST64 HCL_PRI64_ "u"
#define PRIuMAX HCL_PRI64_ "u"
#define PRIuPTR HCL_PRIPTR_ "u"

#define PRIx8 "x"
#define PRIx16 "x"
#define PRIx32 "x"
#define PRIx64 HCL_PRI64_ "x"
#define PRIxLEAST8 "x"
#define PRIxLEAST16 "x"
#define PRIxLEAST32 "x"
#define PRIxLEAST64 HCL_PRI64_ "x"
#define PRIxFAST8 "x"
#define PRIxFAST16 HCL_PRIFAST16_ "x"
#define PRIxFAST32 HCL_PRIFAST32_ "x"
#define PRIxFAST64 HCL_PRI64_ "x"
#define PRIxMAX HCL_PRI64_ "x"
#define PRIxPTR HCL_PRIPTR_ "x"

#define PRIX8 "X"
#define PRIX16 "X"
#define PRIX32 "X"
#define PRIX64 HCL_PRI64_ "X"
#define PRIXLEAST8 "X"
#define PRIXLEAST16 "X"
#define PRIXLEAST32 "X"
#define PRIXLEAST64 HCL_PRI64_ "X"
#define PRIXFAST8 "X"
#define PRIXFAST16 HCL_PRIFAST16_ "X"
#define PRIXFAST32 HCL_PRIFAST32_ "X"
#define PRIXFAST64 HCL_PRI64_ "X"
#define PRIXMAX HCL_PRI64_ "X"
#define PRIXPTR HCL_PRIPTR_ "X"

#ifdef __cplusplus
extern "C" {
#endif

intmax_t imaxabs(intmax_t v);
intmax_t strtoimax(const char* s, char** end, int base);
uintmax_t strtoumax(const char* s, char** end, int base);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_INTTYPES_H_ */
