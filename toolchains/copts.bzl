"""Default compile and link options, in one place (see ../shared/STYLE.md).

Every cc_* rule in hcall takes its copts/linkopts from here. Flags that a
whole target OS needs (-ffreestanding for bare metal, ...) are not here: they
belong to the toolchain (toolchains.bzl).
"""

# Code that can end up inside an image (hypercall/, fibers/, libc_shim/,
# capability/, rumpkernel/): no exceptions, no RTTI, no unwind tables, no
# implicit libc calls from loop idioms, no static-init guards.
HC_IMAGE_COPTS = [
    "-fno-exceptions",
    "-fno-rtti",
    "-fno-stack-protector",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-fno-threadsafe-statics",
    "-ffunction-sections",
    "-fdata-sections",
    "-Werror",
] + select({
    # clang (the libFuzzer variant) has no such option.
    "//toolchains:libfuzzer_build": [],
    "//conditions:default": ["-fno-tree-loop-distribute-patterns"],
})

# Host programs (launcher/, tools) and benchmarks.
HC_HOST_COPTS = ["-Werror"]

# GoogleTest tests (hosted, on every Linux platform).
HC_TEST_COPTS = ["-Werror"]

# Linking a libc-free Linux image: the backend's _start is the entry, no
# crt files, no glibc, a static non-PIE executable. Bare-metal images get
# the same from their toolchain.
HC_IMAGE_LINKOPTS = select({
    "//platforms:os_linux": [
        "-nostdlib",
        "-static",
        "-no-pie",
        "-Wl,--gc-sections",
        "-Wl,--build-id=none",
        # RELRO needs a dynamic loader to apply it, which a libc-free image
        # lacks, and it pads aarch64 images to 64 KiB pages (66 KB -> 7 KB).
        "-Wl,-z,norelro",
        "-lgcc",
    ],
    "//conditions:default": [],
})
