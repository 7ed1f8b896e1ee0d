"""Default compile and link options, in one place (README.md, "Names and house rules").

Every cc_* rule in hcall takes its copts/linkopts from here. Flags that a
whole target OS needs (-ffreestanding for bare metal, ...) are not here: they
belong to the toolchain (toolchains.bzl).
"""

# Code that can end up inside an image (hypercall/, fibers/, libc_shim/,
# capability/, rumpkernel/, and the sources of hc_image): no exceptions, no
# unwind tables, no implicit libc calls from loop idioms. Label() keeps the
# select() keys inside hcall when a user's workspace loads this file.
_IMAGE_COMMON_COPTS = [
    "-fno-exceptions",
    "-fno-stack-protector",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-ffunction-sections",
    "-fdata-sections",
    "-Werror",
] + select({
    # clang (the libFuzzer variant) has no such option.
    str(Label("//toolchains:libfuzzer_build")): [],
    "//conditions:default": ["-fno-tree-loop-distribute-patterns"],
})

# C++ image code: also no RTTI and no static-init guards. GCC warns about
# these two on C sources, and -Werror makes that fatal: C gets
# HC_IMAGE_C_COPTS instead (hc_image and the test macros split their srcs by
# language).
HC_IMAGE_COPTS = _IMAGE_COMMON_COPTS + [
    "-fno-rtti",
    "-fno-threadsafe-statics",
]

# C image code: the same options with an explicit C standard (ISO C17 with
# GNU extensions, GCC 12's default, written down so it cannot drift).
HC_IMAGE_C_COPTS = _IMAGE_COMMON_COPTS + ["-std=gnu17"]

# The warnings hcall's own library code is built with, beyond the
# toolchain's -Wall -Wextra (after Abseil's copts.py):
#   -Wcast-qual             a cast that drops const or volatile hides a
#                           write through a read-only view; const_cast says
#                           so in the open.
#   -Wmissing-declarations  a non-static function defined with no earlier
#                           declaration is either meant to be internal
#                           (anonymous namespace) or missing from its header,
#                           where callers would see a different signature.
#                           Entry points called from assembly are declared
#                           in their backend's header.
#   -Wundef                 #if on an undefined macro is silently 0: a
#                           misspelt feature macro would pick the wrong code.
#   -Wvla                   no variable-length arrays on fiber stacks of a
#                           fixed size.
#   -Wwrite-strings         string literals are const char[].
#   -Wpointer-arith         no arithmetic on void* or function pointers.
HC_LIBRARY_WARNINGS = [
    "-Wcast-qual",
    "-Wmissing-declarations",
    "-Wundef",
    "-Wvla",
    "-Wwrite-strings",
    "-Wpointer-arith",
]

# hcall's own libraries that end up in images (format/, hypercall/,
# fibers/, capability/, libc_shim/, rumpkernel/): the image options plus the
# warning set. HC_IMAGE_COPTS alone stays what a user's hc_image sources get.
HC_LIBRARY_COPTS = HC_IMAGE_COPTS + HC_LIBRARY_WARNINGS

# Host programs (launcher/, the benchmarks and their drivers): the library
# set, nothing left out: each reason above holds for host code as well, and
# launcher/ and bench/ compiled clean under it when it was turned on. No
# host-only additions yet.
HC_HOST_COPTS = ["-Werror"] + HC_LIBRARY_WARNINGS

# GoogleTest tests (hosted, on every Linux platform), and the fuzzers: the
# library set with one relaxation, written out here:
#   -Wundef is left out: GoogleTest's own headers test GTEST_* macros that
#   are not always defined with #if (104 warnings in every test file).
HC_TEST_COPTS = ["-Werror"] + [w for w in HC_LIBRARY_WARNINGS if w != "-Wundef"]

# Linking a libc-free Linux image: the backend's _start is the entry, no
# crt files, no glibc, a static non-PIE executable. Bare-metal images get
# the same from their toolchain.
HC_IMAGE_LINKOPTS = select({
    str(Label("//platforms:os_linux")): [
        "-nostdlib",
        "-static",
        "-no-pie",
        "-Wl,--gc-sections",
        "-Wl,--build-id=none",
        # RELRO needs a dynamic loader to apply it, which a libc-free image
        # lacks, and it pads aarch64 images to 64 KiB pages (66 KB -> 7 KB).
        "-Wl,-z,norelro",
        # Headers, code and read-only data in one R+X segment, as the arm
        # and aarch64 linkers lay them out already: Debian's x86_64 ld
        # gives each its own page-aligned segment, which padded a printf
        # image by 6.2 KB (84 504 -> 78 304 B stripped). The cost: .rodata
        # is executable too.
        "-Wl,-z,noseparate-code",
        "-lgcc",
    ],
    "//conditions:default": [],
})

# GCC's own freestanding headers (stddef.h, stdarg.h, ...) per CPU
# (`$CC -print-file-name=include`), for code compiled with -nostdinc
# (HC_NOSTDINC_COPTS; @newlib's BUILD makes the same select() with its own
# keys).
HC_GCC_INCLUDE = {
    "x86_64": "/usr/lib/gcc/x86_64-linux-gnu/12/include",
    "aarch64": "/usr/lib/gcc-cross/aarch64-linux-gnu/12/include",
    "arm": "/usr/lib/gcc-cross/arm-linux-gnueabihf/12/include",
}

# Code compiled against an image C library's own headers: no standard
# system directories (never the host glibc's, nor libstdc++'s, which need
# glibc's), only GCC's freestanding headers after the library's. A header
# the library lacks is then an error ("signal.h: No such file or
# directory") instead of the host's.
HC_NOSTDINC_COPTS = ["-nostdinc"] + select({
    str(Label("//platforms:cpu_" + cpu)): ["-isystem", path]
    for cpu, path in HC_GCC_INCLUDE.items()
})

# Code compiled against newlib's headers (its system layer in
# libc_shim/newlib, and the sources of images with libc = "newlib").
# newlib's include directories come from @newlib//:headers.
HC_NEWLIB_COPTS = HC_NOSTDINC_COPTS

# The sources (C and C++) of images with libc = "shim": libc_shim's
# std_include/ (from :std_names) and GCC's freestanding headers, nothing
# else (libc_shim/README.md, "Headers").
HC_SHIM_COPTS = HC_NOSTDINC_COPTS
