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
hc_fuzz_test a libFuzzer target built with clang, ASan and UBSan (the
            linux_x86_64_libfuzzer variant), run for a bounded number of
            inputs from its seed corpus.
"""

load("//platforms:platforms.bzl", "BAREMETAL_PLATFORMS", "HC_PLATFORMS", "LINUX_PLATFORMS", "hc_platform_label")
load("//rules:platform_run.bzl", "image_driver_test", "platform_launch_test", "platform_run", "platform_run_test")
load("//toolchains:copts.bzl", "HC_HOST_COPTS", "HC_IMAGE_COPTS", "HC_IMAGE_C_COPTS", "HC_IMAGE_LINKOPTS", "HC_NEWLIB_COPTS", "HC_TEST_COPTS")

# The freestanding test harness of hc_portable_test (GoogleTest on Linux).
_HCTEST = Label("//test/harness:hctest")

# gtest prints this once all selected tests passed; a binary that exits 0
# without running gtest cannot pass.
GTEST_SUCCESS_MARKER = "[  PASSED  ]"

def _gtest_binary(name, srcs, deps, copts, linkopts, gtest_main, target_compatible_with, kwargs):
    """Declares the testonly cc_binary behind a per-platform test.

    gtest_main True links GoogleTest's main, False GoogleTest alone, None
    neither.
    """
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + ([] if gtest_main == None else [Label("@com_google_googletest//:gtest" + ("_main" if gtest_main else ""))]),
        copts = HC_TEST_COPTS + copts,
        linkopts = linkopts,
        testonly = True,
        tags = ["manual"],
        target_compatible_with = ["@platforms//os:linux"] + target_compatible_with,
        **kwargs
    )

def _per_platform_tests(name, binary, platforms, success_marker, expect_exit, data, tags, size, timeout, args, flaky, shard_count):
    tests = []
    for p in platforms:
        test_name = "%s_%s" % (name, p)
        platform_run_test(
            name = test_name,
            binary = binary,
            platform = hc_platform_label(p),
            success_marker = success_marker,
            expect_exit = expect_exit,
            data = data,
            tags = tags + [p],
            size = size,
            timeout = timeout,
            args = args,
            flaky = flaky,
            shard_count = shard_count,
        )
        tests.append(":" + test_name)
    native.test_suite(name = name, tests = tests, tags = tags)

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
    _gtest_binary(binary, srcs, deps, copts, linkopts, gtest_main, target_compatible_with, kwargs)
    _per_platform_tests(name, ":" + binary, platforms, GTEST_SUCCESS_MARKER, 0, data, tags, size, timeout, args, flaky, shard_count)

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
    if [p for p in platforms if HC_PLATFORMS[p].os == "linux"]:
        _gtest_binary(linux_binary, srcs, deps + [_HCTEST, Label("//test/harness:linux_backend")], [], [], True, [], {})
    if [p for p in platforms if HC_PLATFORMS[p].os == "none"]:
        _image_binary(
            name = bare_binary,
            srcs = srcs,
            deps = deps + [_HCTEST],
            backend = "baremetal",
            testonly = True,
        )
    tests = []
    for p in platforms:
        linux = HC_PLATFORMS[p].os == "linux"
        test_name = "%s_%s" % (name, p)
        platform_run_test(
            name = test_name,
            binary = ":" + (linux_binary if linux else bare_binary),
            platform = hc_platform_label(p),
            success_marker = GTEST_SUCCESS_MARKER,
            expect_exit = 0,
            tags = tags + [p],
            size = size,
            timeout = timeout,
            args = args if linux else _PORTABLE_TEST_QEMU_ARGS,
            flaky = flaky,
        )
        tests.append(":" + test_name)
    native.test_suite(name = name, tests = tests, tags = tags)

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
    _per_platform_tests(name, binary, platforms, success_marker, expect_exit, data, tags, size, timeout, args, flaky, None)

# What each backend adds to an image: its entry point (_start, boot info)
# first, then the hypercall implementation.
_BACKENDS = {
    "linux": [Label("//hypercall/linux:entry"), Label("//hypercall/linux")],
    "deterministic": [Label("//hypercall/linux:entry"), Label("//hypercall/deterministic")],
    "baremetal": [Label("//hypercall/baremetal:entry"), Label("//hypercall/baremetal")],
    "none": [],
}

_BAREMETAL_LINKER_SCRIPT = Label("//hypercall/baremetal:linker_script")

# The C libraries an image can take whole (the `libc` attribute): what they
# add to its deps, and to the compile options of its own sources.
#   shim    libc_shim's standard names and headers, main() through its crt
#   newlib  newlib 3.3.0 on hcall's system layer (libc_shim/newlib), its
#           headers only (-nostdinc: never the host's), main() through its
#           crt; C sources (newlib has no C++ library)
_LIBCS = {
    "shim": struct(
        deps = [Label("//libc_shim:crt"), Label("//libc_shim:std_names")],
        copts = [],
    ),
    "newlib": struct(
        deps = [Label("//libc_shim:newlib_crt"), Label("//libc_shim:newlib_sys")],
        copts = HC_NEWLIB_COPTS,
    ),
}

def _libc_of(libc):
    """The _LIBCS row of the `libc` attribute (None: the image brings its own)."""
    if libc == None:
        return struct(deps = [], copts = [])
    if libc not in _LIBCS:
        fail("libc must be one of %s (or unset), not %r" % (", ".join(_LIBCS.keys()), libc))
    return _LIBCS[libc]

_HEADER_SUFFIXES = (".h", ".hh", ".hpp", ".hxx", ".inc", ".inl")

def _split_by_language(srcs):
    """(C sources, other sources, headers) of a list of source labels.

    Only a literal list is split; anything else (a select()) is left to the
    C++ compile whole.
    """
    if type(srcs) != "list":
        return [], srcs, []
    c_srcs = [s for s in srcs if type(s) == "string" and s.endswith(".c")]
    headers = [s for s in srcs if type(s) == "string" and s.endswith(_HEADER_SUFFIXES)]
    others = [s for s in srcs if s not in c_srcs]
    return c_srcs, others, headers

def _image_binary(
        name,
        srcs,
        deps,
        backend,
        libc = None,
        copts = [],
        conlyopts = [],
        cxxopts = [],
        linkopts = [],
        testonly = False,
        visibility = None,
        kwargs = {}):
    """Declares the cc_binary of an image, built only through a transition.

    It is `deps` plus the backend's entry and calls, with the image options;
    for bare metal also the machine's linker script, and only bare-metal
    platforms are compatible. C sources (`.c`) compile in a library of their
    own with HC_IMAGE_C_COPTS, since Bazel 4 has no per-language copts.
    `libc` adds a C library (_LIBCS).
    """
    linker_inputs = []
    compatible = []
    if backend == "baremetal":
        linker_inputs = [_BAREMETAL_LINKER_SCRIPT]
        linkopts = ["-T $(location %s)" % _BAREMETAL_LINKER_SCRIPT] + linkopts
        compatible = ["@platforms//os:none"]
    lib = _libc_of(libc)
    deps = deps + lib.deps
    copts = copts + lib.copts
    c_srcs, cxx_srcs, headers = _split_by_language(srcs)
    c_deps = []
    if c_srcs:
        native.cc_library(
            name = name + "_c_srcs",
            srcs = c_srcs + headers,
            deps = deps,
            copts = HC_IMAGE_C_COPTS + copts + conlyopts,
            # As if the objects were the binary's own: nothing may be
            # dropped because no other object references it.
            alwayslink = True,
            tags = ["manual"],
            testonly = testonly,
            target_compatible_with = compatible,
            visibility = ["//visibility:private"],
        )
        c_deps = [":" + name + "_c_srcs"]
    native.cc_binary(
        name = name,
        srcs = cxx_srcs,
        deps = deps + c_deps + _BACKENDS[backend],
        additional_linker_inputs = linker_inputs,
        copts = HC_IMAGE_COPTS + copts + cxxopts,
        linkopts = HC_IMAGE_LINKOPTS + linkopts,
        tags = ["manual"],
        testonly = testonly,
        target_compatible_with = compatible,
        visibility = visibility,
        **kwargs
    )

def _backend_for(platform, backend):
    """The backend of an image for `platform`: `backend`, or the OS's own."""
    if platform not in HC_PLATFORMS:
        fail("%s is not an hcall platform; choose one of %s" % (platform, ", ".join(HC_PLATFORMS.keys())))
    if backend == None:
        return "baremetal" if HC_PLATFORMS[platform].os == "none" else "linux"
    if backend not in _BACKENDS:
        fail("backend must be one of %s, not %r" % (", ".join(_BACKENDS.keys()), backend))
    return backend

def _deterministic_flag(deterministic):
    """The launcher's --deterministic value for the attribute's value."""
    if deterministic == None or deterministic == False:
        return ""
    if deterministic == True:
        return "default"
    return str(deterministic)

def _run_attrs(files, blocks, env, memory, sandbox, deterministic, run_timeout, launcher_args):
    """The attributes of a launcher run, shared by hc_image and hc_image_test."""
    return {
        "files": files,
        "blocks": blocks,
        "env": env,
        "memory": memory,
        "sandbox": sandbox,
        "deterministic": _deterministic_flag(deterministic),
        "run_timeout": run_timeout,
        "launcher_args": launcher_args,
    }

def hc_image(
        name,
        platform = "linux_x86_64",
        backend = None,
        srcs = [],
        deps = [],
        libc = None,
        copts = [],
        conlyopts = [],
        cxxopts = [],
        linkopts = [],
        files = {},
        blocks = {},
        env = {},
        memory = "",
        sandbox = "",
        deterministic = None,
        run_timeout = "",
        launcher_args = [],
        data = [],
        tags = [],
        testonly = False,
        visibility = None,
        **kwargs):
    """An image for `platform`, composed of cc targets, and how to run it.

    `bazel build :name` builds the image ELF for `platform` (whatever the
    --platforms of the build). `bazel run :name` runs it through the
    launcher (`hcall run`: sandboxed; natively, under qemu-user or under
    qemu-system) with the grants and settings below, and exits with its
    status:

        bazel run :name -- ARGS...                      ARGS go to the image
        bazel run :name -- LAUNCHER_FLAGS... -- ARGS... flags go to hcall run
        bazel run :name -- -- ARGS...                   ARGS (even "-x") to
                                                        the image

    Launcher flags are recognised only when the first argument starts with
    "-" and a "--" follows; they come after the attributes' own flags (so a
    scalar such as --memory overrides the attribute). Relative host paths in
    them are relative to the directory `bazel run` was started in. That is
    how a run grants what exists only on the machine at run time:
    `bazel run :name -- --block disk=./disk.img:rw -- ARGS`.

    Args:
      name: the runnable target; the ELF is `<name>_elf` built for `platform`.
      platform: a row of HC_PLATFORMS.
      backend: "linux" (raw system calls), "deterministic" (virtual clock,
        seeded randomness), "baremetal" (QEMU virt/microvm, with the
        machine's linker script) or "none" (the deps bring their own entry).
        Default: "linux" on Linux platforms, "baremetal" on bare metal.
      srcs: the image's own sources, C (`.c`) and C++.
      deps: the cc targets it is composed of.
      libc: the C library it takes whole, with `main(argc, argv, envp)` as
        its entry: "newlib" (newlib on hcall's system layer: stdio with
        fopen by manifest name, printf/scanf of floating point, libm; C
        sources) or "shim" (libc_shim's standard names, as deps on
        //libc_shim:crt and :std_names give). Unset (default): none, the
        deps bring what the image needs. README.md, "C library".
      copts: extra compile options for both languages (after
        HC_IMAGE_COPTS for C++, HC_IMAGE_C_COPTS for C).
      conlyopts: extra compile options for the C sources only.
      cxxopts: extra compile options for the C++ sources only.
      linkopts: extra link options (after HC_IMAGE_LINKOPTS).
      files: dict of file label -> manifest name, each granted read-only
        (`--file NAME=PATH:ro`).
      blocks: dict of file label -> manifest name, each granted read-only
        as a block device (`--block NAME=PATH:ro`). Writable grants of files
        and devices name host paths, so they come at run time (above).
      env: dict of the image's environment (`--env K=V`).
      memory: the image's memory limit (`--memory`, e.g. "256M").
      sandbox: "strict" (the launcher's default), "audit" or "off".
      deterministic: True for `--deterministic`, or a seed (int or string)
        for `--deterministic=SEED`.
      run_timeout: a duration with its unit (`--timeout`, e.g. "30s").
      launcher_args: any other `hcall run` flags, before the image.
      data: files the runner needs.
      tags: as usual.
      testonly: for test images (they may use testonly helpers).
      visibility: of the runnable target and of `<name>_elf`.
      **kwargs: passed to the cc_binary.
    """
    _image_binary(
        name = name + "_elf",
        srcs = srcs,
        deps = deps,
        backend = _backend_for(platform, backend),
        libc = libc,
        copts = copts,
        conlyopts = conlyopts,
        cxxopts = cxxopts,
        linkopts = linkopts,
        testonly = testonly,
        visibility = visibility,
        kwargs = kwargs,
    )
    platform_run(
        name = name,
        binary = ":" + name + "_elf",
        platform = hc_platform_label(platform),
        data = data,
        tags = tags,
        testonly = testonly,
        visibility = visibility,
        **_run_attrs(files, blocks, env, memory, sandbox, deterministic, run_timeout, launcher_args)
    )

def hc_image_test(
        name,
        srcs = [],
        deps = [],
        platforms = LINUX_PLATFORMS + BAREMETAL_PLATFORMS,
        backend = None,
        libc = None,
        copts = [],
        conlyopts = [],
        cxxopts = [],
        linkopts = [],
        files = {},
        blocks = {},
        env = {},
        memory = "",
        sandbox = "",
        deterministic = None,
        run_timeout = "",
        launcher_args = [],
        args = [],
        success_marker = "",
        expect_exit = 0,
        data = [],
        tags = [],
        size = "small",
        timeout = None,
        flaky = False):
    """An image built for each platform and run through the launcher as a test.

    The image runs as `bazel run` of an hc_image runs it (`hcall run` with
    the same grants and settings, sandboxed), and the test passes only if
    it exits with `expect_exit` and, when given, prints `success_marker`.
    One test per platform, `<name>_<platform>`, plus a test_suite `<name>`.

    Args:
      name: the test_suite; each platform's test is `<name>_<platform>`.
      srcs: the image's own sources, C (`.c`) and C++.
      deps: the cc targets it is composed of (each must build for every
        platform in `platforms`).
      platforms: rows of HC_PLATFORMS (default: all six).
      backend: for the Linux platforms, "linux" (default) or
        "deterministic"; bare-metal platforms use "baremetal".
      libc: as for hc_image.
      copts: as for hc_image.
      conlyopts: as for hc_image.
      cxxopts: as for hc_image.
      linkopts: as for hc_image.
      files: as for hc_image.
      blocks: as for hc_image.
      env: as for hc_image.
      memory: as for hc_image.
      sandbox: as for hc_image.
      deterministic: as for hc_image.
      run_timeout: as for hc_image.
      launcher_args: as for hc_image.
      args: the image's arguments.
      success_marker: text the image must print (empty: none required).
      expect_exit: the exit status the image must end with.
      data: files the test reads.
      tags: test tags; each platform's test also gets its platform's name.
      size: test size.
      timeout: test timeout.
      flaky: as for any test.
    """

    # Bare metal always boots the baremetal backend; `backend` is for Linux.
    backend_of = {
        p: _backend_for(p, None if HC_PLATFORMS[p].os == "none" else backend)
        for p in platforms
    }
    binaries = {}
    for b in backend_of.values():
        if b not in binaries:
            binaries[b] = "%s_%s_elf" % (name, b)
            _image_binary(
                name = binaries[b],
                srcs = srcs,
                deps = deps,
                backend = b,
                libc = libc,
                copts = copts,
                conlyopts = conlyopts,
                cxxopts = cxxopts,
                linkopts = linkopts,
                testonly = True,
            )
    tests = []
    for p in platforms:
        test_name = "%s_%s" % (name, p)
        platform_launch_test(
            name = test_name,
            binary = ":" + binaries[backend_of[p]],
            platform = hc_platform_label(p),
            success_marker = success_marker,
            expect_exit = expect_exit,
            args = args,
            data = data,
            tags = tags + [p],
            size = size,
            timeout = timeout,
            flaky = flaky,
            **_run_attrs(files, blocks, env, memory, sandbox, deterministic, run_timeout, launcher_args)
        )
        tests.append(":" + test_name)
    native.test_suite(name = name, tests = tests, tags = tags)

def hc_fuzz_test(
        name,
        srcs,
        corpus_dir,
        deps = [],
        runs = 20000,
        regression_main = Label("//test/harness:fuzz_main.cc"),
        regression_marker = "inputs passed",
        tags = [],
        size = "medium",
        timeout = None,
        **kwargs):
    """A libFuzzer target run as a bounded test on the host.

    The fuzzer and every library it links are built by clang with
    -fsanitize=fuzzer-no-link,address,undefined (the libFuzzer toolchain of
    the linux_x86_64_libfuzzer variant). The test runs `runs` inputs with a
    fixed seed, starting from the seed corpus; new inputs go to a scratch
    directory and any crashing input to the test's undeclared outputs. For a
    longer campaign run the `<name>_fuzzer` binary by hand (see README).

    Args:
      name: the test (on linux_x86_64_libfuzzer); the binary is `<name>_fuzzer`.
      srcs: sources defining LLVMFuzzerTestOneInput.
      corpus_dir: the seed corpus directory, relative to this package.
      deps: the code under test.
      runs: how many inputs the test runs (-runs).
      regression_main: a source with a main() that passes each file of a
        directory to LLVMFuzzerTestOneInput (default: hcall's own,
        test/harness/fuzz_main.cc; None: none). With one, the seed corpus
        also runs with GCC on every Linux platform: `<name>_regression_<p>`.
      regression_marker: what regression_main prints on success.
      tags: test tags.
      size: test size.
      timeout: test timeout.
      **kwargs: passed to the cc_binary.
    """
    binary = name + "_fuzzer"
    native.cc_binary(
        name = binary,
        srcs = srcs,
        deps = deps,
        copts = HC_TEST_COPTS,
        linkopts = ["-fsanitize=fuzzer"],
        testonly = True,
        tags = ["manual"],
        target_compatible_with = [Label("//toolchains:libfuzzer")],
        **kwargs
    )
    corpus = native.package_name() + "/" + corpus_dir
    corpus_files = native.glob([corpus_dir + "/**"])
    if regression_main:
        _gtest_binary(name + "_regression_bin", srcs + [regression_main], deps, [], [], None, [], kwargs)
        _per_platform_tests(name + "_regression", ":%s_regression_bin" % name, LINUX_PLATFORMS, regression_marker, 0, corpus_files, tags, "small", None, [corpus], False, None)
    platform_run_test(
        name = name,
        binary = ":" + binary,
        platform = hc_platform_label("linux_x86_64_libfuzzer"),
        data = corpus_files,
        args = [
            "{SCRATCH}",
            corpus,
            "-runs=%d" % runs,
            "-seed=1",
            "-artifact_prefix={OUTPUTS}/",
            "-print_final_stats=1",
        ],
        # libFuzzer's last line after -runs=N.
        success_marker = "Done %d runs" % runs,
        expect_exit = 0,
        tags = tags + ["fuzz"],
        size = size,
        timeout = timeout,
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
        success_marker = "[  PASSED  ]",
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

    The driver runs on the x86_64 host and receives `--<flag>=<path>` for
    each image, built for the platform under test. For a Linux platform it
    gets HCALL_EMULATOR: the qemu-user binary, or empty where images run
    natively. For a bare-metal one it gets HCALL_QEMU (the qemu-system
    binary and machine arguments, without -kernel) and HCALL_EXIT_DECODE.
    One test per platform, `<name>_<platform>`.

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
        _gtest_binary(name + "_driver", srcs, deps, [], [], gtest_main, ["@platforms//cpu:x86_64"], kwargs)
    tests = []
    for p in platforms:
        test_name = "%s_%s" % (name, p)
        image_driver_test(
            name = test_name,
            driver = driver,
            images = images,
            success_marker = success_marker,
            platform = hc_platform_label(p),
            args = args,
            data = data,
            tags = tags + [p],
            size = size,
            timeout = timeout,
        )
        tests.append(":" + test_name)
    native.test_suite(name = name, tests = tests, tags = tags)
