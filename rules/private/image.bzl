"""hc_image and hc_image_test, and the image cc_binary behind them
(private: load //rules:defs.bzl)."""

load("//platforms:platforms.bzl", "BAREMETAL_PLATFORMS", "HC_PLATFORMS", "LINUX_PLATFORMS", "hc_platform_label")
load("//toolchains:copts.bzl", "HC_IMAGE_COPTS", "HC_IMAGE_C_COPTS", "HC_IMAGE_LINKOPTS", "HC_NEWLIB_COPTS", "HC_SHIM_COPTS")
load(":common.bzl", "per_platform_tests")
load(":platform_run.bzl", "platform_launch_test", "platform_run")

# What each backend adds to an image: its entry point (_start, boot info)
# first, then the hypercall implementation.
_BACKENDS = {
    "linux": [Label("//hypercall/linux:entry"), Label("//hypercall/linux")],
    "deterministic": [Label("//hypercall/linux:entry"), Label("//hypercall/deterministic")],
    "baremetal": [Label("//hypercall/baremetal:entry"), Label("//hypercall/baremetal")],
    "none": [],
}

_BAREMETAL_LINKER_SCRIPT = Label("//hypercall/baremetal:linker_script")

# Empty libm.a and libstdc++.a found first by an image's link: never glibc's.
_IMAGE_LINK_LIBS = Label("//toolchains:image_link_libs")

# The C libraries an image can take whole (the `libc` attribute): what they
# add to its deps, and to the compile options of its own sources.
#   shim    libc_shim's standard names and headers, main() through its crt;
#           its headers and GCC's freestanding ones only (-nostdinc: never
#           the host's, nor libstdc++'s), for C and C++ sources
#   newlib  newlib 3.3.0 on hcall's system layer (libc_shim/newlib), its
#           headers only (-nostdinc: never the host's), main() through its
#           crt; C sources (newlib has no C++ library)
_LIBCS = {
    "shim": struct(
        deps = [Label("//libc_shim:crt"), Label("//libc_shim:std_names")],
        copts = HC_SHIM_COPTS,
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

def image_binary(
        *,
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
    own with HC_IMAGE_C_COPTS, since Bazel 4 has no per-language copts
    (Bazel-4 workaround: remove the split when hcall requires a Bazel whose
    cc rules take conlyopts/cxxopts attributes).

    Args:
      name: the cc_binary (tagged manual: built through a transition).
      srcs: the image's own sources, C and C++.
      deps: the cc targets it is composed of.
      backend: a key of _BACKENDS.
      libc: a key of _LIBCS, or None.
      copts: compile options for both languages.
      conlyopts: compile options for C only.
      cxxopts: compile options for C++ only.
      linkopts: link options (after HC_IMAGE_LINKOPTS).
      testonly: as usual.
      visibility: of the cc_binary.
      kwargs: passed to the cc_binary.
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
        deps = deps + c_deps + _BACKENDS[backend] + [_IMAGE_LINK_LIBS],
        additional_linker_inputs = linker_inputs,
        copts = HC_IMAGE_COPTS + copts + cxxopts,
        linkopts = HC_IMAGE_LINKOPTS + linkopts,
        tags = ["manual"],
        testonly = testonly,
        target_compatible_with = compatible,
        visibility = visibility,
        **kwargs
    )

def _backend_for(*, platform, backend):
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

def _run_attrs(*, files, blocks, env, memory, sandbox, deterministic, run_timeout, launcher_args):
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
        //libc_shim:crt and :std_names give, and its headers only: C and
        C++ sources compile with -nostdinc, libc_shim/README.md
        "Headers"). Unset (default): none, the
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
    image_binary(
        name = name + "_elf",
        srcs = srcs,
        deps = deps,
        backend = _backend_for(platform = platform, backend = backend),
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
        **_run_attrs(
            files = files,
            blocks = blocks,
            env = env,
            memory = memory,
            sandbox = sandbox,
            deterministic = deterministic,
            run_timeout = run_timeout,
            launcher_args = launcher_args,
        )
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
        p: _backend_for(platform = p, backend = None if HC_PLATFORMS[p].os == "none" else backend)
        for p in platforms
    }
    binaries = {}
    for b in backend_of.values():
        if b not in binaries:
            binaries[b] = "%s_%s_elf" % (name, b)
            image_binary(
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
    per_platform_tests(
        name = name,
        test_rule = platform_launch_test,
        platforms = platforms,
        tags = tags,
        success_marker = success_marker,
        expect_exit = expect_exit,
        args = args,
        data = data,
        size = size,
        timeout = timeout,
        flaky = flaky,
        platform_attrs = {p: {"binary": ":" + binaries[backend_of[p]]} for p in platforms},
        **_run_attrs(
            files = files,
            blocks = blocks,
            env = env,
            memory = memory,
            sandbox = sandbox,
            deterministic = deterministic,
            run_timeout = run_timeout,
            launcher_args = launcher_args,
        )
    )
