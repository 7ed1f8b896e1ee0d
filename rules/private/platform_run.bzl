"""Rules that build a binary for an hcall platform and run it on the host.

(Private: load //rules:defs.bzl. The transition is in transition.bzl.)

platform_run_test    a test: builds `binary` for `platform`, runs it (native,
                     qemu-user or qemu-system, from HC_PLATFORMS) and passes
                     only if its exit status is `expect_exit` and, when given,
                     `success_marker` appears in its output. In its `args`,
                     {SCRATCH} becomes a fresh writable directory,
                     {OUTPUTS} the test's undeclared-outputs directory,
                     {PLATFORM} the platform's name and {CPU} its CPU.
platform_run         `bazel run` of an image: runs it through the launcher
                     (//launcher:hcall run), sandboxed, with the grants and
                     flags of its attributes; passes arguments (and launcher
                     flags before a "--") and relays the exit status.
platform_launch_test the same run as a test: passes only on `expect_exit`
                     and, when given, `success_marker`.
platform_file        one file (an image's ELF) built for `platform`, under
                     the target's name, as the data of a host program that
                     names it by $(rootpath).
"""

load("//platforms:platforms.bzl", "hc_platform_row")
load(":common.bzl", "GTEST_SUCCESS_MARKER")
load(":transition.bzl", "TRANSITION_ALLOWLIST_ATTRS", "platform_transition", "transitioned")

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _platform_of(ctx):
    name = ctx.attr.platform.label.name
    p = hc_platform_row(name)
    if p == None:
        fail("%s is not an hcall platform (see //platforms:platforms.bzl)" % ctx.attr.platform.label)
    return name, p

def _qemu_of(*, ctx, p):
    if not p.qemu:
        return None
    for q in ctx.files._qemu:
        if q.basename == p.qemu:
            return q
    fail("no %s in @qemu" % p.qemu)

def _executable_of(target):
    exe = target[DefaultInfo].files_to_run.executable
    if exe == None:
        exe = target[DefaultInfo].files.to_list()[0]
    return exe

def _bash_word(parts):
    return "".join([
        '"$(rf %s)"' % _shell_quote(f.short_path) if f else _shell_quote(t)
        for t, f in parts
    ])

def _write_runner(
        *,
        ctx,
        mode,
        platform_name,
        p,
        runner,
        exe,
        qemu_file,
        success_marker,
        expect_exit,
        fixed_args = [],
        launch_image = None):
    """Writes the runner script.

    Each of `fixed_args` is a list of (text, file-or-None) parts: a file
    part becomes its runfiles path. With `launch_image`, `exe` is the
    launcher and the script runs `exe FIXED_ARGS [FLAGS] IMAGE -- ARGS`.
    `success_marker` ("" for none) and `expect_exit` are checked in test
    mode.
    """
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.expand_template(
        template = ctx.file._template,
        output = script,
        is_executable = True,
        substitutions = {
            "%MODE%": mode,
            "%PLATFORM%": platform_name,
            "%CPU%": p.cpu,
            "%RUNNER%": runner,
            "%EXIT_DECODE%": p.exit_decode,
            "%SYSROOT%": p.sysroot or "",
            "%MARKER%": _shell_quote(success_marker),
            "%EXPECT_EXIT%": str(expect_exit),
            "%QEMU_ARGS%": " ".join([_shell_quote(a) for a in p.qemu_args]),
            "%WORKSPACE%": ctx.workspace_name,
            "%BINARY%": exe.short_path,
            "%QEMU%": qemu_file.short_path if qemu_file else "",
            "%FIXED_ARGS%": " ".join([_bash_word(a) for a in fixed_args]),
            "%LAUNCH_IMAGE%": launch_image.short_path if launch_image else "",
        },
    )
    return script

def _runfiles(*, ctx, files, targets):
    runfiles = ctx.runfiles(files = files + ctx.files.data)
    for t in targets + ctx.attr.data:
        runfiles = runfiles.merge(t[DefaultInfo].default_runfiles)
    return runfiles

def _platform_run_test_impl(ctx):
    platform_name, p = _platform_of(ctx)
    binary = transitioned(ctx.attr.binary)
    exe = _executable_of(binary)
    qemu_file = _qemu_of(ctx = ctx, p = p)
    script = _write_runner(
        ctx = ctx,
        mode = "test",
        platform_name = platform_name,
        p = p,
        runner = p.runner,
        exe = exe,
        qemu_file = qemu_file,
        success_marker = ctx.attr.success_marker,
        expect_exit = ctx.attr.expect_exit,
    )
    return [
        DefaultInfo(
            executable = script,
            files = depset([script, exe]),
            runfiles = _runfiles(
                ctx = ctx,
                files = [exe] + ([qemu_file] if qemu_file else []),
                targets = [binary],
            ),
        ),
        OutputGroupInfo(image = depset([exe])),
    ]

def _driver_settings(*, platform_name, p, qemu_file):
    """The settings flags of a host driver, as runner parts (one per flag).

    Every driver gets them first, before its images and its own args, and
    parses them at its entry (README.md, "Names and house rules"):
      --platform=NAME     the row of HC_PLATFORMS under test;
      --cpu=CPU           its CPU (x86_64, aarch64, arm);
    on a Linux platform
      --emulator=PATH     the qemu-user binary, empty where images run
                          natively;
    on a bare-metal one
      --qemu=WORDS        the qemu-system binary and machine arguments,
                          without -kernel, separated by spaces;
      --exit_decode=MODE  identity | debug_exit (HC_PLATFORMS).
    """
    flags = [
        [("--platform=" + platform_name, None)],
        [("--cpu=" + p.cpu, None)],
    ]
    if p.runner == "qemu_system":
        return flags + [
            [("--qemu=", None), ("", qemu_file)] + [(" " + a, None) for a in p.qemu_args],
            [("--exit_decode=" + p.exit_decode, None)],
        ]
    return flags + [[("--emulator=", None), ("", qemu_file)]]

def _image_driver_test_impl(ctx):
    platform_name, p = _platform_of(ctx)
    driver = ctx.attr.driver
    exe = _executable_of(driver)
    qemu_file = _qemu_of(ctx = ctx, p = p)
    image_files = []
    fixed_args = _driver_settings(platform_name = platform_name, p = p, qemu_file = qemu_file)
    for image, flag in ctx.attr.images.items():
        f = _executable_of(image)
        image_files.append(f)
        fixed_args.append([("--%s=" % flag, None), ("", f)])
    script = _write_runner(
        ctx = ctx,
        mode = "test",
        platform_name = platform_name,
        p = p,
        runner = "native",
        exe = exe,
        qemu_file = qemu_file,
        success_marker = ctx.attr.success_marker,
        expect_exit = ctx.attr.expect_exit,
        fixed_args = fixed_args,
    )
    files = [exe] + image_files + ([qemu_file] if qemu_file else [])
    return [DefaultInfo(
        executable = script,
        runfiles = _runfiles(ctx = ctx, files = files, targets = [driver]),
    )]

_BINARY_ATTRS = {
    "binary": attr.label(
        mandatory = True,
        cfg = platform_transition,
        doc = "The cc_binary to build for `platform` and run.",
    ),
}

_COMMON_ATTRS = dict({
    "platform": attr.label(
        mandatory = True,
        doc = "One of //platforms (a row of HC_PLATFORMS).",
    ),
    "data": attr.label_list(allow_files = True),
    "_qemu": attr.label_list(
        default = [
            Label("@qemu//:bin/qemu-aarch64"),
            Label("@qemu//:bin/qemu-arm"),
            Label("@qemu//:bin/qemu-system-aarch64"),
            Label("@qemu//:bin/qemu-system-arm"),
            Label("@qemu//:bin/qemu-system-x86_64"),
        ],
        allow_files = True,
    ),
    "_template": attr.label(
        default = Label("//rules/private:run_on_platform.sh.tpl"),
        allow_single_file = True,
    ),
}, **TRANSITION_ALLOWLIST_ATTRS)

def _single_file(*, target, what):
    files = target.files.to_list()
    if len(files) != 1:
        fail("%s %s must be exactly one file, not %d" % (what, target.label, len(files)))
    return files[0]

def _launch_flags(*, files, blocks, env, memory, sandbox, deterministic, run_timeout, launcher_args):
    """`hcall run` flags for the run attributes, as runner parts, and the grants."""
    flags = []
    granted = []
    for flag, grants in [("--file", files), ("--block", blocks)]:
        for target, name in grants.items():
            f = _single_file(target = target, what = flag[2:])
            granted.append(f)
            flags += [[(flag, None)], [(name + "=", None), ("", f), (":ro", None)]]
    for key in sorted(env.keys()):
        flags += [[("--env", None)], [("%s=%s" % (key, env[key]), None)]]
    for flag, value in [
        ("--memory", memory),
        ("--sandbox", sandbox),
        ("--deterministic", deterministic),
        ("--timeout", run_timeout),
    ]:
        if value:
            flags.append([("%s=%s" % (flag, value), None)])
    flags += [[(a, None)] for a in launcher_args]
    return flags, granted

def _launch(*, ctx, mode, success_marker, expect_exit):
    """Runs the image through the launcher: `bazel run`, or a test."""
    platform_name, p = _platform_of(ctx)
    binary = transitioned(ctx.attr.binary)
    image = _executable_of(binary)
    launcher = ctx.attr._launcher
    launcher_exe = _executable_of(launcher)
    qemu_file = _qemu_of(ctx = ctx, p = p)
    flags, granted = _launch_flags(
        files = ctx.attr.files,
        blocks = ctx.attr.blocks,
        env = ctx.attr.env,
        memory = ctx.attr.memory,
        sandbox = ctx.attr.sandbox,
        deterministic = ctx.attr.deterministic,
        run_timeout = ctx.attr.run_timeout,
        launcher_args = ctx.attr.launcher_args,
    )
    script = _write_runner(
        ctx = ctx,
        mode = mode,
        platform_name = platform_name,
        p = p,
        runner = "native",
        exe = launcher_exe,
        # The launcher runs the QEMU that @qemu found (--qemu_dir), or the
        # script in its place that names the package to install.
        qemu_file = qemu_file,
        success_marker = success_marker,
        expect_exit = expect_exit,
        fixed_args = [[("run", None)]] + flags,
        launch_image = image,
    )
    runfiles = [launcher_exe, image] + granted + ([qemu_file] if qemu_file else [])
    return [
        DefaultInfo(
            executable = script,
            files = depset([script, image]),
            runfiles = _runfiles(ctx = ctx, files = runfiles, targets = [launcher, binary]),
        ),
        OutputGroupInfo(image = depset([image])),
    ]

def _platform_run_impl(ctx):
    # `bazel run` checks nothing: the script relays the exit status.
    return _launch(ctx = ctx, mode = "run", success_marker = "", expect_exit = 0)

def _platform_launch_test_impl(ctx):
    return _launch(
        ctx = ctx,
        mode = "test",
        success_marker = ctx.attr.success_marker,
        expect_exit = ctx.attr.expect_exit,
    )

platform_run_test = rule(
    implementation = _platform_run_test_impl,
    attrs = dict(_COMMON_ATTRS, **dict(_BINARY_ATTRS, **{
        "success_marker": attr.string(doc = "Text the output must contain (empty: none)."),
        "expect_exit": attr.int(default = 0, doc = "The exit status the guest must end with."),
    })),
    test = True,
)

_LAUNCH_ATTRS = {
    "files": attr.label_keyed_string_dict(
        allow_files = True,
        doc = "File -> the manifest name it is granted read-only under (--file).",
    ),
    "blocks": attr.label_keyed_string_dict(
        allow_files = True,
        doc = "File -> the manifest name it is granted read-only under as a block device (--block).",
    ),
    "env": attr.string_dict(doc = "The image's environment (--env K=V)."),
    "memory": attr.string(doc = "--memory, e.g. 256M (empty: the launcher's default)."),
    "sandbox": attr.string(
        values = ["", "strict", "audit", "off"],
        doc = "--sandbox (empty: the launcher's default, strict).",
    ),
    "deterministic": attr.string(doc = "--deterministic=VALUE: 'default' or a seed (empty: off)."),
    "run_timeout": attr.string(doc = "--timeout, a duration with its unit, e.g. 30s."),
    "launcher_args": attr.string_list(doc = "Further `hcall run` flags, before the image."),
    "_launcher": attr.label(
        default = Label("//launcher:hcall"),
        executable = True,
        cfg = "target",
    ),
}

platform_run = rule(
    implementation = _platform_run_impl,
    attrs = dict(_COMMON_ATTRS, **dict(_BINARY_ATTRS, **_LAUNCH_ATTRS)),
    executable = True,
    doc = "`bazel run` of an image: `hcall run` with the attributes' grants and flags.",
)

platform_launch_test = rule(
    implementation = _platform_launch_test_impl,
    attrs = dict(_COMMON_ATTRS, **dict(_BINARY_ATTRS, **dict(_LAUNCH_ATTRS, **{
        "success_marker": attr.string(doc = "Text the output must contain (empty: none)."),
        "expect_exit": attr.int(default = 0, doc = "The exit status the image must end with."),
    }))),
    test = True,
    doc = "An image run through `hcall run` as a test (hc_image_test).",
)

image_driver_test = rule(
    implementation = _image_driver_test_impl,
    attrs = dict(_COMMON_ATTRS, **{
        "driver": attr.label(
            mandatory = True,
            executable = True,
            cfg = "target",
            doc = "A host test program (GoogleTest) that runs the images.",
        ),
        "images": attr.label_keyed_string_dict(
            cfg = platform_transition,
            allow_files = True,
            doc = "Image (built for `platform`) -> the driver flag that names it.",
        ),
        "success_marker": attr.string(default = GTEST_SUCCESS_MARKER),
        "expect_exit": attr.int(default = 0),
    }),
    test = True,
    doc = """A host driver test that runs images built for `platform`.

The driver runs on the host; it gets the settings flags of the platform
(--platform, --cpu, and --emulator on Linux or --qemu and --exit_decode on
bare metal), then `--<flag>=<path>` for each image, then its `args`.""",
)

def _platform_file_impl(ctx):
    # Under the target's own name: the same image built for two platforms
    # has one short path, and would be one file in a program's runfiles.
    f = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(
        output = f,
        target_file = _executable_of(transitioned(ctx.attr.src)),
        is_executable = True,
    )
    return [DefaultInfo(files = depset([f]), runfiles = ctx.runfiles(files = [f]))]

platform_file = rule(
    implementation = _platform_file_impl,
    attrs = dict({
        "src": attr.label(
            mandatory = True,
            cfg = platform_transition,
            allow_files = True,
            doc = "The target (e.g. an image's `<name>_elf`) to build for `platform`.",
        ),
        "platform": attr.label(
            mandatory = True,
            doc = "One of //platforms (a row of HC_PLATFORMS).",
        ),
    }, **TRANSITION_ALLOWLIST_ATTRS),
    doc = "The file of `src` (its executable, else its first file) built for `platform`, as `<name>`.",
)
