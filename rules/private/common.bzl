"""What hcall's rules and macros share (private: load //rules:defs.bzl).

GTEST_SUCCESS_MARKER  the line a passing GoogleTest (or hctest) run prints.
                      (from test/harness/success_marker.bzl).
gtest_binary()        the testonly cc_binary behind a hosted test.
per_platform_tests()  one test per platform, `<name>_<platform>`, and a
                      test_suite `<name>`: the one loop every per-platform
                      macro goes through.
"""

load("//platforms:platforms.bzl", "hc_platform_label")
load("//test/harness:success_marker.bzl", _GTEST_SUCCESS_MARKER = "GTEST_SUCCESS_MARKER")
load("//toolchains:copts.bzl", "HC_TEST_COPTS")

# What a passing GoogleTest or hctest run prints: defined once, beside the
# harness that prints it (test/harness/success_marker.bzl).
GTEST_SUCCESS_MARKER = _GTEST_SUCCESS_MARKER

def gtest_binary(
        *,
        name,
        srcs,
        deps,
        gtest_main,
        copts = [],
        linkopts = [],
        target_compatible_with = [],
        kwargs = {}):
    """Declares the testonly cc_binary behind a per-platform test.

    Args:
      name: the binary (tagged manual: only its tests build it).
      srcs: its sources.
      deps: its dependencies, GoogleTest aside.
      gtest_main: True links GoogleTest's main, False GoogleTest alone,
        None neither.
      copts: extra compile options (after HC_TEST_COPTS).
      linkopts: extra link options.
      target_compatible_with: constraints beyond Linux.
      kwargs: passed to the cc_binary.
    """
    gtest = []
    if gtest_main != None:
        gtest = [Label("@com_google_googletest//:gtest" + ("_main" if gtest_main else ""))]
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + gtest,
        copts = HC_TEST_COPTS + copts,
        linkopts = linkopts,
        testonly = True,
        tags = ["manual"],
        target_compatible_with = ["@platforms//os:linux"] + target_compatible_with,
        **kwargs
    )

def per_platform_tests(
        *,
        name,
        test_rule,
        platforms,
        tags,
        platform_attrs = {},
        **attrs):
    """`test_rule` once per platform, `<name>_<platform>`, and their test_suite.

    Args:
      name: the test_suite.
      test_rule: the test rule (platform_run_test, platform_launch_test,
        image_driver_test); it gets `platform` and `tags` from here.
      platforms: rows of HC_PLATFORMS.
      tags: the suite's tags; each test also gets its platform's name.
      platform_attrs: platform -> attributes that differ by platform (e.g.
        the binary); they override `attrs`.
      **attrs: the attributes every platform's test shares.
    """
    tests = []
    for p in platforms:
        test_name = "%s_%s" % (name, p)
        test_rule(
            name = test_name,
            platform = hc_platform_label(p),
            tags = tags + [p],
            **dict(attrs, **platform_attrs.get(p, {}))
        )
        tests.append(":" + test_name)
    native.test_suite(name = name, tests = tests, tags = tags)
