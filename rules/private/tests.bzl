"""The test macros of hcall (private: load //rules:defs.bzl).

hc_cc_test, hc_portable_test, qemu_test, hc_image_driver_test,
hc_benchmark and hc_platform_file; each per-platform one goes through per_platform_tests
(common.bzl).
"""

load("//platforms:platforms.bzl", "BAREMETAL_PLATFORMS", "HC_PLATFORMS", "LINUX_PLATFORMS", "hc_platform_label")
load("//toolchains:copts.bzl", "HC_HOST_COPTS")
load(":common.bzl", "GTEST_SUCCESS_MARKER", "gtest_binary", "per_platform_tests")
load(":image.bzl", "image_binary")
load(":platform_run.bzl", "image_driver_test", "platform_file", "platform_run_test")

# The freestanding test harness of hc_portable_test (GoogleTest on Linux).
HCTEST = Label("//test/harness:hctest")

def hc_cc_test(
        name,
        srcs,
        deps = [],
        data = [],
        copts = [],
        linkopts = [],
        platforms = LINUX_PLATFORMS,
        target_compatible_with = [],
        tags = [],
        size = "small",
        timeout = None,
        args = [],
        flaky = False,
        shard_count = None,
        gtest_main = True,
        **kwargs):
    """A GoogleTest test run on every Linux platform (natively or under qemu-user).

    Args:
      name: the test_suite; each platform's test is `<name>_<platform>`.
      srcs: test sources.
      deps: libraries under test (GoogleTest is added).
      data: files the test reads at run time.
      copts: extra compile options (after HC_TEST_COPTS).
      linkopts: extra link options.
      platforms: which rows of HC_PLATFORMS to run on (default: all Linux).
      target_compatible_with: constraints the test needs; platforms that lack
        them are skipped as incompatible rather than failing.
      tags: test tags; each platform's test also gets its platform's name.
      size: test size.
      timeout: test timeout.
      args: arguments passed to the test binary.
      flaky: as for any test.
      shard_count: as for any test (GoogleTest shards by environment).
      gtest_main: link GoogleTest's main (False: the test brings its own).
      **kwargs: passed to the underlying cc_binary.
    """
    binary = name + "_bin"
    gtest_binary(
        name = binary,
        srcs = srcs,
        deps = deps,
        gtest_main = gtest_main,
        copts = copts,
        linkopts = linkopts,
        target_compatible_with = target_compatible_with,
        kwargs = kwargs,
    )
    per_platform_tests(
        name = name,
        test_rule = platform_run_test,
        platforms = platforms,
        tags = tags,
        binary = ":" + binary,
        success_marker = GTEST_SUCCESS_MARKER,
        expect_exit = 0,
        data = data,
        size = size,
        timeout = timeout,
        args = args,
        flaky = flaky,
        shard_count = shard_count,
    )

def hc_portable_test(
        name,
        srcs,
        deps = [],
        platforms = LINUX_PLATFORMS + BAREMETAL_PLATFORMS,
        tags = [],
        size = "small",
        timeout = None,
        args = [],
        flaky = False):
    """The same test sources built and run on every platform.

    Sources include "test/harness/hctest.h" and use the subset of GoogleTest
    it documents. On a Linux platform the test is a GoogleTest binary with
    the Linux backend started before main (natively or under qemu-user); on
    a bare-metal platform it is an image (baremetal backend, hctest as its
    hc_main) booted under qemu-system with a virtio-rng device, as `hcall
    run` boots images (so hc_getrandom works). Either way it passes only on exit
    status 0 and the "[  PASSED  ]" line. One test per platform,
    `<name>_<platform>`, plus a test_suite `<name>`.

    Args:
      name: the test_suite; each platform's test is `<name>_<platform>`.
      srcs: test sources (freestanding-clean: no libc, no STL; see hctest.h).
      deps: the libraries under test; they must build for every platform.
      platforms: rows of HC_PLATFORMS (default: all six).
      tags: test tags; each platform's test also gets its platform's name.
      size: test size.
      timeout: test timeout.
      args: arguments (e.g. --gtest_filter=...); on bare metal they reach
        the image as QEMU arguments, so leave them empty there.
      flaky: as for any test.
    """
    linux_binary = name + "_bin"
    bare_binary = name + "_image"
    linux = [p for p in platforms if HC_PLATFORMS[p].os == "linux"]
    bare = [p for p in platforms if HC_PLATFORMS[p].os == "none"]
    if linux:
        gtest_binary(
            name = linux_binary,
            srcs = srcs,
            deps = deps + [HCTEST, Label("//test/harness:linux_backend")],
            gtest_main = True,
        )
    if bare:
        image_binary(
            name = bare_binary,
            srcs = srcs,
            deps = deps + [HCTEST],
            backend = "baremetal",
            testonly = True,
        )
    per_platform_tests(
        name = name,
        test_rule = platform_run_test,
        platforms = platforms,
        tags = tags,
        success_marker = GTEST_SUCCESS_MARKER,
        expect_exit = 0,
        size = size,
        timeout = timeout,
        flaky = flaky,
        platform_attrs = dict(
            {p: {"binary": ":" + linux_binary, "args": args} for p in linux},
            **{p: {"binary": ":" + bare_binary, "args": _PORTABLE_TEST_QEMU_ARGS} for p in bare}
        ),
    )

# What hc_portable_test adds to a bare-metal test's QEMU command line.
_PORTABLE_TEST_QEMU_ARGS = [
    "-device",
    "virtio-rng-device",
]

def qemu_test(
        name,
        binary,
        success_marker,
        expect_exit = 0,
        platforms = BAREMETAL_PLATFORMS,
        data = [],
        tags = [],
        size = "small",
        timeout = None,
        args = [],
        flaky = False):
    """Boots `binary` on each bare-metal platform under qemu-system.

    Passes only if the guest prints `success_marker` and exits with
    `expect_exit` (relayed through semihosting or isa-debug-exit, see
    HC_PLATFORMS). One test per platform: `<name>_<platform>`.

    Args:
      name: the test_suite; each platform's test is `<name>_<platform>`.
      binary: a cc_binary that boots on the machines (built per platform).
      success_marker: text the guest must print.
      expect_exit: the exit status the guest must relay.
      platforms: rows of HC_PLATFORMS (default: all bare-metal ones).
      data: files for the runner.
      tags: test tags; each platform's test also gets its platform's name.
      size: test size.
      timeout: test timeout.
      args: extra QEMU arguments.
      flaky: as for any test.
    """
    if not success_marker:
        fail("qemu_test %s: a success_marker is required" % name)
    per_platform_tests(
        name = name,
        test_rule = platform_run_test,
        platforms = platforms,
        tags = tags,
        binary = binary,
        success_marker = success_marker,
        expect_exit = expect_exit,
        data = data,
        size = size,
        timeout = timeout,
        args = args,
        flaky = flaky,
    )

def hc_benchmark(name, srcs, deps = [], copts = [], linkopts = [], **kwargs):
    """A Google Benchmark suite for the linux_x86_64 host.

    Run it with `./bazelw run -c opt //bench:<name> -- --benchmark_format=json`.
    The sources end with BENCHMARK_MAIN(). `<name>_smoke_test` runs every
    benchmark for one iteration and checks the JSON report appears; timing
    goals are never asserted in tests.

    Args:
      name: the benchmark binary.
      srcs: benchmark sources.
      deps: code under measurement (Google Benchmark is added).
      copts: extra compile options (after HC_HOST_COPTS).
      linkopts: extra link options.
      **kwargs: passed to the cc_binary.
    """
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + ["@benchmark"],
        copts = HC_HOST_COPTS + copts,
        linkopts = linkopts,
        tags = ["benchmark"],
        target_compatible_with = [
            "@platforms//os:linux",
            "@platforms//cpu:x86_64",
        ],
        **kwargs
    )
    platform_run_test(
        name = name + "_smoke_test",
        binary = ":" + name,
        platform = hc_platform_label("linux_x86_64"),
        args = [
            "--benchmark_min_time=0",
            "--benchmark_format=json",
        ],
        success_marker = "\"benchmarks\": [",
    )

def hc_image_driver_test(
        name,
        images,
        srcs = [],
        driver = None,
        success_marker = GTEST_SUCCESS_MARKER,
        deps = [],
        args = [],
        data = [],
        platforms = LINUX_PLATFORMS,
        tags = [],
        size = "small",
        timeout = None,
        gtest_main = False,
        **kwargs):
    """A host test program that runs images built for each platform.

    The driver runs on the x86_64 host. Its arguments are the platform's
    settings flags, `--platform=NAME --cpu=CPU`, then on a Linux platform
    `--emulator=PATH` (the qemu-user binary, empty where images run
    natively) or on a bare-metal one `--qemu=WORDS` (the qemu-system binary
    and machine arguments, without -kernel) and `--exit_decode=MODE`; then
    `--<flag>=<path>` for each image, built for the platform under test;
    then `args`. It takes them all at its entry (README.md, "Names and
    house rules"); a C++ driver through ParseDriverFlags
    (//hypercall/testdata:image_run). One test per platform,
    `<name>_<platform>`.

    Args:
      name: the test_suite; each platform's test is `<name>_<platform>`.
      images: dict of image label (e.g. ":hello_elf") -> driver flag name.
      srcs: the driver's sources: a GoogleTest program built here.
      driver: or an existing host executable (e.g. an sh_binary).
      success_marker: what the driver prints when it passes.
      deps: the driver's dependencies (GoogleTest is added).
      args: extra driver arguments.
      data: files the driver reads.
      platforms: Linux rows of HC_PLATFORMS (default: all three).
      tags: test tags; each platform's test also gets its platform's name.
      size: test size.
      timeout: test timeout.
      gtest_main: link GoogleTest's main (default: the driver has its own).
      **kwargs: passed to the driver's cc_binary.
    """
    if driver == None:
        driver = ":" + name + "_driver"
        gtest_binary(
            name = name + "_driver",
            srcs = srcs,
            deps = deps,
            gtest_main = gtest_main,
            target_compatible_with = ["@platforms//cpu:x86_64"],
            kwargs = kwargs,
        )
    per_platform_tests(
        name = name,
        test_rule = image_driver_test,
        platforms = platforms,
        tags = tags,
        driver = driver,
        images = images,
        success_marker = success_marker,
        args = args,
        data = data,
        size = size,
        timeout = timeout,
    )

def hc_platform_file(name, src, platform, **kwargs):
    """One file of `src` built for `platform`, for a host program's data.

    For a host program (e.g. a benchmark) that runs images built for
    another platform: name this target in its `data` and pass the path as
    a flag in its `args`, `--image=$(rootpath :<name>)`.

    Args:
      name: the target and its one file, a symlink to `src`'s executable
        (an image's ELF) built for `platform`.
      src: e.g. "//hypercall/testdata:hello_elf".
      platform: a row of HC_PLATFORMS, e.g. "linux_aarch64".
      **kwargs: testonly, visibility, tags.
    """
    platform_file(
        name = name,
        src = src,
        platform = hc_platform_label(platform),
        **kwargs
    )
