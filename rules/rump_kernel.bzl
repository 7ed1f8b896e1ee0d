"""The prebuilt NetBSD rump kernel as a Bazel repository: its public face.

    load("@hcall//rules:rump_kernel.bzl", "hc_rump_kernel_repository")
    hc_rump_kernel_repository(name = "rump_kernel")

hcall_dependencies() (deps.bzl) declares it, so a workspace that depends on
hcall gets @rump_kernel without loading this file. A repository rule is
loaded from WORKSPACE, not from a BUILD file, so it is not in defs.bzl.
The implementation and its documentation are in private/rump_kernel.bzl.
"""

load("//rules/private:rump_kernel.bzl", _hc_rump_kernel_repository = "hc_rump_kernel_repository")

hc_rump_kernel_repository = _hc_rump_kernel_repository
