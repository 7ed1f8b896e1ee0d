"""The six hcall platforms, defined once.

HC_PLATFORMS is the single table that platforms/, toolchains/ and rules/ read.
To add a platform, add a row here (and, for a new CPU, a compiler row in
toolchains/toolchains.bzl); everything else is generated from it.

Fields:
  os, cpu:     @platforms constraint values.
  runner:      how the host runs a binary built for it:
               "native"      exec it directly (host CPU, Linux);
               "qemu_user"   under QEMU user mode (`qemu`, with `sysroot` as
                             the guest's library prefix);
               "qemu_system" boot it under QEMU system mode (`qemu` with
                             `qemu_args`; the ELF is passed with -kernel).
  exit_decode: how the QEMU exit code maps back to the image's exit status:
               "identity"     the same number (Linux, Arm semihosting);
               "debug_exit"   isa-debug-exit: code = status * 2 + 1.
"""

# Every qemu-system run: no default devices, the first serial port on stdout,
# no display, and a guest reset ends QEMU instead of rebooting.
_QEMU_SYSTEM_COMMON = [
    "-nodefaults",
    "-no-user-config",
    "-display",
    "none",
    "-serial",
    "stdio",
    "-no-reboot",
]

HC_PLATFORMS = {
    "linux_x86_64": struct(
        os = "linux",
        cpu = "x86_64",
        runner = "native",
        qemu = None,
        qemu_args = [],
        sysroot = None,
        exit_decode = "identity",
    ),
    "linux_aarch64": struct(
        os = "linux",
        cpu = "aarch64",
        runner = "qemu_user",
        qemu = "qemu-aarch64",
        qemu_args = [],
        sysroot = "/usr/aarch64-linux-gnu",
        exit_decode = "identity",
    ),
    "linux_arm": struct(
        os = "linux",
        cpu = "arm",
        runner = "qemu_user",
        qemu = "qemu-arm",
        qemu_args = [],
        sysroot = "/usr/arm-linux-gnueabihf",
        exit_decode = "identity",
    ),
    "none_x86_64": struct(
        os = "none",
        cpu = "x86_64",
        runner = "qemu_system",
        qemu = "qemu-system-x86_64",
        qemu_args = [
            "-M",
            "microvm",
            "-m",
            "64M",
            "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04",
        ] + _QEMU_SYSTEM_COMMON,
        sysroot = None,
        exit_decode = "debug_exit",
    ),
    "none_aarch64": struct(
        os = "none",
        cpu = "aarch64",
        runner = "qemu_system",
        qemu = "qemu-system-aarch64",
        qemu_args = [
            "-M",
            "virt",
            "-cpu",
            "cortex-a53",
            "-m",
            "64M",
            "-semihosting-config",
            "enable=on,target=native",
        ] + _QEMU_SYSTEM_COMMON,
        sysroot = None,
        exit_decode = "identity",
    ),
    "none_arm": struct(
        os = "none",
        cpu = "arm",
        runner = "qemu_system",
        qemu = "qemu-system-arm",
        qemu_args = [
            "-M",
            "virt",
            "-cpu",
            "cortex-a15",
            "-m",
            "64M",
            "-semihosting-config",
            "enable=on,target=native",
        ] + _QEMU_SYSTEM_COMMON,
        sysroot = None,
        exit_decode = "identity",
    ),
}

# Build variants of a platform: the same machine and runner, plus extra
# constraints that select another toolchain (e.g. clang with libFuzzer).
# They live in //platforms/variants, so //platforms:all stays the six above.
HC_PLATFORM_VARIANTS = {
    "linux_x86_64_libfuzzer": struct(
        base = "linux_x86_64",
        constraints = ["//toolchains:libfuzzer"],
    ),
}

def hc_platform_row(name):
    """The HC_PLATFORMS row of a platform or variant name, or None."""
    if name in HC_PLATFORM_VARIANTS:
        name = HC_PLATFORM_VARIANTS[name].base
    return HC_PLATFORMS.get(name)

LINUX_PLATFORMS = [name for name, p in HC_PLATFORMS.items() if p.os == "linux"]

BAREMETAL_PLATFORMS = [name for name, p in HC_PLATFORMS.items() if p.os == "none"]

def hc_platform_label(name):
    if name in HC_PLATFORM_VARIANTS:
        return Label("//platforms/variants:" + name)
    return Label("//platforms:" + name)

def hc_platform_variants():
    """Declares one platform() per row of HC_PLATFORM_VARIANTS."""
    for name, v in HC_PLATFORM_VARIANTS.items():
        p = HC_PLATFORMS[v.base]
        native.platform(
            name = name,
            constraint_values = [
                "@platforms//os:" + p.os,
                "@platforms//cpu:" + p.cpu,
            ] + v.constraints,
            visibility = ["//visibility:public"],
        )

def hc_platforms():
    """Declares one platform() per row of HC_PLATFORMS.

    Also one config_setting per CPU and OS (`cpu_<cpu>`, `os_<os>`): Bazel
    4.2.3 cannot select() on a constraint_value directly, so per-arch sources
    use `select({"//platforms:cpu_aarch64": [...], ...})`. Bazel-4
    workaround: the settings can go (the selects naming
    @platforms//cpu:... instead) when hcall requires a Bazel that selects
    on a constraint_value directly.
    """
    cpus = {p.cpu: True for p in HC_PLATFORMS.values()}
    oses = {p.os: True for p in HC_PLATFORMS.values()}
    for cpu in cpus:
        native.config_setting(
            name = "cpu_" + cpu,
            constraint_values = ["@platforms//cpu:" + cpu],
            visibility = ["//visibility:public"],
        )
    for os in oses:
        native.config_setting(
            name = "os_" + os,
            constraint_values = ["@platforms//os:" + os],
            visibility = ["//visibility:public"],
        )
    for name, p in HC_PLATFORMS.items():
        native.platform(
            name = name,
            constraint_values = [
                "@platforms//os:" + p.os,
                "@platforms//cpu:" + p.cpu,
            ],
            visibility = ["//visibility:public"],
        )
