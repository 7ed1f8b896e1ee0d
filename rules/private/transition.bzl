"""The platform transition of hcall's rules (private: load //rules:defs.bzl).

platform_transition switches --platforms to a rule's `platform` attribute,
so one `bazel build`/`bazel test` builds a target for any of the six
platforms.
"""

def _platform_transition_impl(_settings, attr):
    return {"//command_line_option:platforms": str(attr.platform)}

platform_transition = transition(
    implementation = _platform_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

# What a rule with platform_transition on an attribute needs. Bazel 4 checks
# every Starlark transition against this allowlist. Bazel-4 workaround:
# remove it (and its uses) when hcall requires Bazel 7.0 or later, which
# adds the allowlist itself.
TRANSITION_ALLOWLIST_ATTRS = {
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def transitioned(attr_value):
    """The one target of an attribute that carries platform_transition.

    Bazel gives such an attribute as a list even for a 1:1 transition (so
    do later versions, as documented for Starlark transitions): this is not
    a version workaround, and it stays.
    """
    if type(attr_value) == "list":
        return attr_value[0]
    return attr_value
