"""Rules that build a binary for an hcall platform and run it on the host.

platform_transition  switches --platforms to the `platform` attribute, so one
                     `bazel build`/`bazel test` builds a target for any of
                     the six platforms.
platform_run_test    a test: builds `binary` for `platform`, runs it (native,
                     qemu-user or qemu-system, from HC_PLATFORMS) and passes
                     only if its exit status is `expect_exit` and, when given,
                     `success_marker` appears in its output. In its `args`,
                     {SCRATCH} becomes a fresh writable directory and
                     {OUTPUTS} the test's undeclared-outputs directory.
platform_run         the same runner for `bazel run`: passes arguments and
                     relays the exit status.
"""

load("//platforms:platforms.bzl", "hc_platform_row")

def _platform_transition_impl(_settings, attr):
    return {"//command_line_option:platforms": str(attr.platform)}

platform_transition = transition(
    implementation = _platform_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _single(attr_value):
    # An attribute with a Starlark transition is a list in Bazel 4.
    if type(attr_value) == "list":
        return attr_value[0]
    return attr_value

def _runner(ctx, mode):
    platform_name = ctx.attr.platform.label.name
    p = hc_platform_row(platform_name)
    if p == None:
        fail("%s is not an hcall platform (see //platforms:platforms.bzl)" % ctx.attr.platform.label)
    binary = _single(ctx.attr.binary)
    exe = binary[DefaultInfo].files_to_run.executable
    if exe == None:
        exe = binary[DefaultInfo].files.to_list()[0]

    qemu_file = None
    if p.qemu:
        for q in ctx.files._qemu:
            if q.basename == p.qemu:
                qemu_file = q
        if qemu_file == None:
            fail("no %s in @qemu" % p.qemu)

    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.expand_template(
        template = ctx.file._template,
        output = script,
        is_executable = True,
        substitutions = {
            "%MODE%": mode,
            "%PLATFORM%": platform_name,
            "%CPU%": p.cpu,
            "%RUNNER%": p.runner,
            "%EXIT_DECODE%": p.exit_decode,
            "%SYSROOT%": p.sysroot or "",
            "%MARKER%": _shell_quote(getattr(ctx.attr, "success_marker", "")),
            "%EXPECT_EXIT%": str(getattr(ctx.attr, "expect_exit", 0)),
            "%QEMU_ARGS%": " ".join([_shell_quote(a) for a in p.qemu_args]),
            "%WORKSPACE%": ctx.workspace_name,
            "%BINARY%": exe.short_path,
            "%QEMU%": qemu_file.short_path if qemu_file else "",
        },
    )
    runfiles = ctx.runfiles(files = [exe] + ([qemu_file] if qemu_file else []) + ctx.files.data)
    runfiles = runfiles.merge(binary[DefaultInfo].default_runfiles)
    for d in ctx.attr.data:
        runfiles = runfiles.merge(d[DefaultInfo].default_runfiles)
    return [
        DefaultInfo(
            executable = script,
            files = depset([script, exe]),
            runfiles = runfiles,
        ),
        OutputGroupInfo(image = depset([exe])),
    ]

_COMMON_ATTRS = {
    "binary": attr.label(
        mandatory = True,
        cfg = platform_transition,
        doc = "The cc_binary to build for `platform` and run.",
    ),
    "platform": attr.label(
        mandatory = True,
        doc = "One of //platforms (a row of HC_PLATFORMS).",
    ),
    "data": attr.label_list(allow_files = True),
    "_qemu": attr.label_list(
        default = [
            "@qemu//:bin/qemu-aarch64",
            "@qemu//:bin/qemu-arm",
            "@qemu//:bin/qemu-system-aarch64",
            "@qemu//:bin/qemu-system-arm",
            "@qemu//:bin/qemu-system-x86_64",
        ],
        allow_files = True,
    ),
    "_template": attr.label(
        default = "//rules:run_on_platform.sh.tpl",
        allow_single_file = True,
    ),
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def _platform_run_test_impl(ctx):
    return _runner(ctx, "test")

def _platform_run_impl(ctx):
    return _runner(ctx, "run")

platform_run_test = rule(
    implementation = _platform_run_test_impl,
    attrs = dict(_COMMON_ATTRS, **{
        "success_marker": attr.string(doc = "Text the output must contain (empty: none)."),
        "expect_exit": attr.int(default = 0, doc = "The exit status the guest must end with."),
    }),
    test = True,
)

platform_run = rule(
    implementation = _platform_run_impl,
    attrs = _COMMON_ATTRS,
    executable = True,
)
