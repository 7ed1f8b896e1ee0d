"""hc_fuzz_test (private: load //rules:defs.bzl)."""

load("//platforms:platforms.bzl", "LINUX_PLATFORMS", "hc_platform_label")
load("//toolchains:copts.bzl", "HC_TEST_COPTS")
load(":common.bzl", "gtest_binary", "per_platform_tests")
load(":platform_run.bzl", "platform_run_test")

# What hc_fuzz_test's default regression_main (//test/harness:fuzz_main.cc)
# prints once every input passed.
FUZZ_MAIN_SUCCESS_MARKER = "inputs passed"

def hc_fuzz_test(
        name,
        srcs,
        corpus_dir,
        deps = [],
        runs = 20000,
        regression_main = Label("//test/harness:fuzz_main.cc"),
        regression_marker = FUZZ_MAIN_SUCCESS_MARKER,
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
        gtest_binary(
            name = name + "_regression_bin",
            srcs = srcs + [regression_main],
            deps = deps,
            gtest_main = None,
            kwargs = kwargs,
        )
        per_platform_tests(
            name = name + "_regression",
            test_rule = platform_run_test,
            platforms = LINUX_PLATFORMS,
            tags = tags,
            binary = ":%s_regression_bin" % name,
            success_marker = regression_marker,
            expect_exit = 0,
            data = corpus_files,
            size = "small",
            args = [corpus],
        )
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
