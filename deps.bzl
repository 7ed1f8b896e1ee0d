"""hcall's dependencies, for hcall's own WORKSPACE and for yours.

In a workspace that builds images from hcall's targets (Bazel 4.2.3,
WORKSPACE mode):

    local_repository(
        name = "hcall",
        path = "/path/to/hcall",
    )

    load("@hcall//:deps.bzl", "hcall_dependencies", "hcall_register_toolchains")

    hcall_dependencies()

    hcall_register_toolchains()

hcall_dependencies()      declares every repository hcall's targets need.
                          Each is local: a Debian-installed tree, a source
                          tree Debian ships, or generated from the host.
                          A repository your WORKSPACE declared before the
                          call (your own @platforms, @bazel_skylib,
                          @com_google_googletest, ...) is kept as it is.
hcall_register_toolchains() registers a GCC 12 toolchain for each of
                          hcall's six platforms, and the clang/libFuzzer
                          one of hcall's own fuzz tests.

The Debian packages behind them are listed in hcall's bazelw; run it once
(or install them yourself) before building.
"""

load("//rules:rump_kernel.bzl", "hc_rump_kernel_repository")
load(
    "//third_party:repositories.bzl",
    "coverage_tools_stub",
    "host_pkg_config_repository",
    "host_tools_repository",
    "newlib_source",
    "patched_rules_cc",
    "workspace_tool_repository",
)

def _maybe(rule, name, **kwargs):
    """Declares repository `name` unless the WORKSPACE already has one."""
    if not native.existing_rule(name):
        rule(name = name, **kwargs)

def hcall_dependencies():
    """Declares every repository that hcall's targets use, if not declared."""
    _maybe(
        native.local_repository,
        name = "platforms",
        path = "/usr/share/bazel/tools/platforms",
    )
    _maybe(
        native.local_repository,
        name = "bazel_skylib",
        path = "/usr/share/bazel/tools/skylib",
    )
    _maybe(
        native.local_repository,
        name = "rules_java",
        path = "/usr/share/bazel/rules/java",
    )
    _maybe(patched_rules_cc, name = "rules_cc")

    # Every test depends on @remote_coverage_tools implicitly.
    _maybe(coverage_tools_stub, name = "remote_coverage_tools")
    _maybe(
        native.new_local_repository,
        name = "com_google_googletest",
        build_file = str(Label("//third_party:googletest.BUILD")),
        path = "/usr/src/googletest",
    )

    # newlib 3.3.0, the C library of images built with libc = "newlib",
    # compiled from Debian's newlib-source by hcall's own BUILD file.
    _maybe(
        newlib_source,
        name = "newlib",
        build_file = Label("//third_party/newlib:newlib.BUILD"),
        config_headers = [
            Label("//third_party/newlib:config/newlib.h"),
            Label("//third_party/newlib:config/_newlib_version.h"),
        ],
    )

    # Host-only libraries (the launcher, tests, benchmarks), from Debian's
    # -dev packages.
    _maybe(
        host_pkg_config_repository,
        name = "absl",
        modules = {
            "flags": "absl_flags absl_flags_parse absl_flags_usage absl_flags_config",
            "strings": "absl_strings absl_str_format absl_cord",
            "status": "absl_status absl_statusor",
            "time": "absl_time",
        },
        package = "libabsl-dev",
    )
    _maybe(
        host_pkg_config_repository,
        name = "benchmark",
        modules = {"benchmark": "benchmark"},
        package = "libbenchmark-dev",
    )
    _maybe(
        host_pkg_config_repository,
        name = "libseccomp",
        modules = {"libseccomp": "libseccomp"},
        package = "libseccomp-dev",
    )
    _maybe(
        host_tools_repository,
        name = "qemu",
        min_version = "7.0",
        tools = {
            "qemu-aarch64": "qemu-user",
            "qemu-arm": "qemu-user",
            "qemu-system-aarch64": "qemu-system-arm",
            "qemu-system-arm": "qemu-system-arm",
            "qemu-system-x86_64": "qemu-system-x86",
        },
    )

    # A user's prebuilt NetBSD rump kernel (per-CPU archives and headers),
    # from the directory HCALL_RUMP_KERNEL names
    # (--repo_env=HCALL_RUMP_KERNEL=DIR); without it the repository is empty
    # and the targets that need a kernel are skipped (README.md, "Running a
    # NetBSD rump kernel").
    _maybe(hc_rump_kernel_repository, name = "rump_kernel")

    # Developer tools of hcall's own format test; never fetched unless one
    # of hcall's //tools/format targets is built.
    _maybe(
        host_tools_repository,
        name = "clang_format",
        min_version = "14.0",
        tools = {"clang-format": "clang-format"},
    )
    _maybe(
        workspace_tool_repository,
        name = "buildifier",
        path = ".tools/npm/node_modules/@bazel/buildifier/buildifier-linux_amd64",
        tool = "buildifier",
    )

def hcall_register_toolchains():
    """Registers hcall's C++ toolchains (one per platform, plus libFuzzer's).

    The libFuzzer toolchain comes first: it matches only its variant
    platform (//platforms/variants:linux_x86_64_libfuzzer). Toolchains your
    WORKSPACE registered earlier take precedence for platforms they match.
    """
    native.register_toolchains(
        str(Label("//toolchains:linux_x86_64_libfuzzer")),
        str(Label("//toolchains:all")),
    )
