"""Public build macros of hcall. Load them from here:

    load("@hcall//rules:defs.bzl", "hc_image", "hc_image_test", "hc_portable_test")

(inside hcall itself, "//rules:defs.bzl"). Every label these macros add
resolves inside hcall wherever they are loaded from.

hc_cc_test  a GoogleTest test, built and run on each Linux platform: one test
            target per platform, `<name>_<platform>`, plus a test_suite `<name>`.
hc_portable_test the same test sources on all six platforms: GoogleTest on
            Linux, hctest (its freestanding subset) booted under qemu-system
            on bare metal.
qemu_test   boots a binary built for each bare-metal platform under
            qemu-system; passes only on its success marker and exit status.
hc_image    an image composed of cc targets (C and C++) for one platform;
            `bazel run` runs it through the launcher with its grants and
            settings, `bazel build` gives the ELF (output group `image`).
hc_image_test the same image built for each platform and run through the
            launcher as a test (exit status and success marker).
hc_image_driver_test a host GoogleTest driver that runs images built for
            each Linux platform (natively or under qemu-user).
hc_benchmark a Google Benchmark suite for the x86_64 host, plus a smoke test
            that runs each benchmark once (no timing is asserted in tests).
hc_platform_file one file (an image's ELF) built for a given platform, for
            the data and $(rootpath) args of a host program (sandbox_bench).
hc_fuzz_test a libFuzzer target built with clang, ASan and UBSan (the
            linux_x86_64_libfuzzer variant), run for a bounded number of
            inputs from its seed corpus.
"""

load("//rules/private:fuzz.bzl", _hc_fuzz_test = "hc_fuzz_test")
load("//rules/private:image.bzl", _hc_image = "hc_image", _hc_image_test = "hc_image_test")
load(
    "//rules/private:tests.bzl",
    _hc_benchmark = "hc_benchmark",
    _hc_cc_test = "hc_cc_test",
    _hc_image_driver_test = "hc_image_driver_test",
    _hc_platform_file = "hc_platform_file",
    _hc_portable_test = "hc_portable_test",
    _qemu_test = "qemu_test",
)

# The public macros, and nothing else: their implementations live in
# rules/private/ (image, tests, platform run and transition, fuzz; the rump
# kernel repository rule reaches users through deps.bzl).
hc_cc_test = _hc_cc_test
hc_portable_test = _hc_portable_test
qemu_test = _qemu_test
hc_image = _hc_image
hc_image_test = _hc_image_test
hc_image_driver_test = _hc_image_driver_test
hc_benchmark = _hc_benchmark
hc_platform_file = _hc_platform_file
hc_fuzz_test = _hc_fuzz_test
