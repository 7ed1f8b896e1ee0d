"""One parameterised GCC 12 toolchain, instantiated for every hcall platform.

A platform's toolchain is (compiler for its CPU) x (flags for its OS):
  linux: the hosted GCC (host or Debian cross compiler) with glibc/libstdc++.
  none:  the same compiler, freestanding: no libc, no libstdc++ runtime, no
         exceptions/RTTI, no PIE. The bare-metal backend supplies the linker
         script per machine (-T in its image link options).
"""

load("@bazel_tools//tools/cpp:unix_cc_toolchain_config.bzl", "cc_toolchain_config")
load("//platforms:platforms.bzl", "HC_PLATFORMS")

_GCC_VERSION = "12"

# Compiler per CPU. `prefix` is prepended to tool names; `gcc_dir` holds its
# internal headers; `sysroot_include` is the target's libc/libstdc++ headers.
_COMPILERS = {
    "x86_64": struct(
        triple = "x86_64-linux-gnu",
        prefix = "",
        gcc_dir = "/usr/lib/gcc/x86_64-linux-gnu/" + _GCC_VERSION,
        includes = [
            "/usr/include/c++/" + _GCC_VERSION,
            "/usr/include/x86_64-linux-gnu/c++/" + _GCC_VERSION,
            "/usr/include/c++/%s/backward" % _GCC_VERSION,
            "/usr/local/include",
            "/usr/include/x86_64-linux-gnu",
            "/usr/include",
        ],
        # Bare metal: interrupts may arrive on the current stack.
        baremetal_flags = ["-mno-red-zone"],
        compile_flags = [],
    ),
    "aarch64": struct(
        triple = "aarch64-linux-gnu",
        prefix = "aarch64-linux-gnu-",
        gcc_dir = "/usr/lib/gcc-cross/aarch64-linux-gnu/" + _GCC_VERSION,
        includes = [
            "/usr/aarch64-linux-gnu/include",
            # The Debian cross compilers also search the host's /usr/include.
            "/usr/include",
        ],
        baremetal_flags = [],
        compile_flags = [],
    ),
    "arm": struct(
        triple = "arm-linux-gnueabihf",
        prefix = "arm-linux-gnueabihf-",
        gcc_dir = "/usr/lib/gcc-cross/arm-linux-gnueabihf/" + _GCC_VERSION,
        includes = [
            "/usr/arm-linux-gnueabihf/include",
            "/usr/include",
        ],
        baremetal_flags = [],
        # Notes that GCC 7.1 changed the passing of some aggregates: nothing
        # here links against code built before GCC 7.
        compile_flags = ["-Wno-psabi"],
    ),
}

_COMMON_COMPILE_FLAGS = [
    "-Wall",
    "-Wextra",
    "-fno-omit-frame-pointer",
]

# Flags by OS. Only flags that every target of that OS needs live here; image
# and test flags are in copts.bzl.
_OS = {
    "linux": struct(
        compile_flags = [],
        cxx_flags = ["-std=c++17"],
        link_flags = ["-Wl,-z,relro,-z,now", "-Wl,--build-id=sha1"],
        link_libs = ["-lstdc++", "-lm"],
    ),
    "none": struct(
        # The boot code enables FP/SIMD, so C code may use it.
        compile_flags = [
            "-ffreestanding",
            "-fno-pie",
            "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables",
            "-fno-unwind-tables",
            "-ffunction-sections",
            "-fdata-sections",
        ],
        cxx_flags = [
            "-std=c++17",
            "-fno-exceptions",
            "-fno-rtti",
            "-fno-threadsafe-statics",
        ],
        link_flags = [
            "-nostdlib",
            "-static",
            "-no-pie",
            "-Wl,--gc-sections",
            # Linker scripts discard .note.*.
            "-Wl,--build-id=none",
            # No page alignment of segments in the file (NMAGIC): QEMU
            # loads each by its address, and the linker scripts align what
            # the MMU maps to 4 KiB pages themselves. Page-aligned file
            # offsets put a 4 KiB page of ELF headers before the code of
            # every image (aarch64 would align to 64 KiB).
            "-Wl,-n",
        ],
        link_libs = ["-lgcc"],
    ),
}

def _gcc_tool_paths(c):
    paths = {}
    for tool in ["ar", "cpp", "dwp", "gcc", "gcov", "ld", "nm", "objcopy", "objdump", "strip"]:
        suffix = "-" + _GCC_VERSION if tool in ("gcc", "cpp", "gcov") else ""
        paths[tool] = "/usr/bin/%s%s%s" % (c.prefix, tool, suffix)

    # Bazel 4.2.3's unix config wants llvm-cov too; it is never used here.
    # Bazel-4 workaround: remove when the required Bazel's cc_toolchain_config
    # no longer asks for it.
    paths["llvm-cov"] = "/bin/false"
    return paths

def _toolchain(name, identifier, cpu, os, compiler, target_system_name, builtin_includes, tool_paths, compile_flags, cxx_flags, link_flags, link_libs, extra_constraints = []):
    """cc_toolchain_config + cc_toolchain + toolchain for one target."""
    cc_toolchain_config(
        name = name + "_config",
        cpu = cpu,
        compiler = compiler,
        toolchain_identifier = identifier,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = target_system_name,
        target_libc = "glibc" if os == "linux" else "none",
        abi_version = compiler,
        abi_libc_version = "glibc" if os == "linux" else "none",
        cxx_builtin_include_directories = builtin_includes,
        tool_paths = tool_paths,
        compile_flags = compile_flags,
        cxx_flags = cxx_flags,
        dbg_compile_flags = ["-g"],
        opt_compile_flags = ["-O2", "-DNDEBUG", "-ffunction-sections", "-fdata-sections"],
        link_flags = link_flags,
        opt_link_flags = ["-Wl,--gc-sections"],
        link_libs = link_libs,
        # Without these every external header is an "undeclared inclusion";
        # the rest keeps outputs independent of the build time.
        unfiltered_compile_flags = [
            "-no-canonical-prefixes",
            "-Wno-builtin-macro-redefined",
            "-D__DATE__=\"redacted\"",
            "-D__TIMESTAMP__=\"redacted\"",
            "-D__TIME__=\"redacted\"",
        ] + (["-fno-canonical-system-headers"] if compiler == "gcc" else []),
        coverage_compile_flags = ["--coverage"],
        coverage_link_flags = ["--coverage"],
        supports_start_end_lib = False,
    )
    native.cc_toolchain(
        name = name + "_cc",
        all_files = ":empty",
        ar_files = ":empty",
        as_files = ":empty",
        compiler_files = ":empty",
        dwp_files = ":empty",
        linker_files = ":empty",
        objcopy_files = ":empty",
        strip_files = ":empty",
        supports_param_files = True,
        toolchain_config = name + "_config",
        toolchain_identifier = identifier,
    )
    native.toolchain(
        name = name,
        exec_compatible_with = [
            "@platforms//os:linux",
            "@platforms//cpu:x86_64",
        ],
        target_compatible_with = [
            "@platforms//os:" + os,
            "@platforms//cpu:" + cpu,
        ] + extra_constraints,
        toolchain = name + "_cc",
        toolchain_type = "@bazel_tools//tools/cpp:toolchain_type",
    )

def hc_cc_toolchain(name, platform):
    """Declares the GCC toolchain of one hcall platform.

    Args:
      name: prefix of the generated targets.
      platform: a key of HC_PLATFORMS.
    """
    p = HC_PLATFORMS[platform]
    c = _COMPILERS[p.cpu]
    o = _OS[p.os]
    compile_flags = _COMMON_COMPILE_FLAGS + c.compile_flags + o.compile_flags
    if p.os == "none":
        compile_flags = compile_flags + c.baremetal_flags
    _toolchain(
        name = name,
        identifier = "hcall_" + platform,
        cpu = p.cpu,
        os = p.os,
        compiler = "gcc",
        target_system_name = c.triple if p.os == "linux" else p.cpu + "-none-elf",
        builtin_includes = [c.gcc_dir] + c.includes,
        tool_paths = _gcc_tool_paths(c),
        compile_flags = compile_flags,
        cxx_flags = o.cxx_flags,
        link_flags = o.link_flags,
        link_libs = o.link_libs,
    )

_CLANG_VERSION = "14"

# libFuzzer + AddressSanitizer + UBSan on every object of the build, so that
# the code under test is instrumented, not only the fuzz target.
_SANITIZE = "-fsanitize=fuzzer-no-link,address,undefined"

def hc_libfuzzer_toolchain(name):
    """clang for the linux_x86_64 libFuzzer variant (//platforms/variants).

    Matches only platforms with //toolchains:libfuzzer, and is registered
    before the GCC toolchains.
    """
    c = _COMPILERS["x86_64"]
    clang_dir = "/usr/lib/llvm-%s" % _CLANG_VERSION
    _toolchain(
        name = name,
        identifier = "hcall_linux_x86_64_libfuzzer",
        cpu = "x86_64",
        os = "linux",
        compiler = "clang",
        target_system_name = c.triple,
        builtin_includes = [clang_dir + "/lib/clang"] + c.includes,
        tool_paths = {
            "ar": "/usr/bin/ar",
            "cpp": clang_dir + "/bin/clang-cpp",
            "dwp": "/usr/bin/dwp",
            "gcc": clang_dir + "/bin/clang",
            "gcov": "/bin/false",
            "ld": "/usr/bin/ld",
            "llvm-cov": clang_dir + "/bin/llvm-cov",
            "nm": "/usr/bin/nm",
            "objcopy": "/usr/bin/objcopy",
            "objdump": "/usr/bin/objdump",
            "strip": "/usr/bin/strip",
        },
        compile_flags = _COMMON_COMPILE_FLAGS + [
            _SANITIZE,
            "-fno-sanitize-recover=all",
            "-g",
            "-O1",
            # GCC-only options in HC_IMAGE_COPTS are not errors under clang.
            "-Wno-ignored-optimization-argument",
            "-Wno-unknown-warning-option",
        ],
        cxx_flags = ["-std=c++17"],
        # The C++ parts of UBSan (-fsanitize=function, vptr) live in a runtime
        # that the clang (not clang++) driver links only when asked.
        link_flags = [_SANITIZE, "-fsanitize-link-c++-runtime"],
        link_libs = ["-lstdc++", "-lm"],
        extra_constraints = ["//toolchains:libfuzzer"],
    )

def hc_cc_toolchains():
    """One toolchain per row of HC_PLATFORMS, and the libFuzzer one."""
    native.filegroup(name = "empty")
    native.constraint_setting(name = "instrumentation")
    native.constraint_value(
        name = "libfuzzer",
        constraint_setting = ":instrumentation",
        visibility = ["//visibility:public"],
    )
    native.config_setting(
        name = "libfuzzer_build",
        constraint_values = [":libfuzzer"],
        visibility = ["//visibility:public"],
    )
    hc_libfuzzer_toolchain(name = "linux_x86_64_libfuzzer")
    for platform in HC_PLATFORMS.keys():
        hc_cc_toolchain(name = platform, platform = platform)
