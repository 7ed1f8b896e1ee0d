"""newlib compiled once per CPU, shared by the Linux and bare-metal images.

newlib's objects depend only on the CPU (its BUILD file passes every flag
that matters, and it needs no OS headers), so an image for linux_<cpu> and
one for none_<cpu> can link the same objects. `newlib_for_cpu` forwards the
CcInfo of its `dep` built for none_<cpu> (freestanding, no PIE, and no red
zone on x86_64, which bare metal needs and Linux does not mind) whatever
the platform of the image, so a build of all six platforms compiles newlib
three times, not six.
"""

_CPUS = ["x86_64", "aarch64", "arm"]

def _cpu_only_transition_impl(settings, _attr):
    platforms = settings["//command_line_option:platforms"]
    name = str(platforms[0] if type(platforms) == "list" else platforms)
    for cpu in _CPUS:
        if name.endswith(":linux_" + cpu) or name.endswith(":none_" + cpu):
            return {"//command_line_option:platforms": str(Label("//platforms:none_" + cpu))}

    # Not an hcall platform (the host, a fuzzing variant): as it is.
    return {"//command_line_option:platforms": name}

_cpu_only_transition = transition(
    implementation = _cpu_only_transition_impl,
    inputs = ["//command_line_option:platforms"],
    outputs = ["//command_line_option:platforms"],
)

def _newlib_for_cpu_impl(ctx):
    # An attribute with a Starlark transition is a list in Bazel 4. CcInfo
    # is native in Bazel 4.2.3 (rules_cc 0.0.4 has no cc_info.bzl).
    return [ctx.attr.dep[0][CcInfo]]  # buildifier: disable=native-cc-info

newlib_for_cpu = rule(
    implementation = _newlib_for_cpu_impl,
    attrs = {
        "dep": attr.label(
            cfg = _cpu_only_transition,
            mandatory = True,
            providers = [CcInfo],  # buildifier: disable=native-cc-info
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    doc = "Forwards `dep`'s CcInfo, built for the bare-metal platform of the current CPU.",
)
