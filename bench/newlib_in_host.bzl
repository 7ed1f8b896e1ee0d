"""newlib linked into a host benchmark beside glibc, under other names.

`newlib_in_host` partially links (`ld -r`) newlib's archives (the objects
images link, built for the bare-metal platform of the CPU by
//third_party/newlib) and hcall's system layer under newlib
(//libc_shim:newlib_sys, whole), renames the standard names in `exports`
to `nlb_<name>` (references inside newlib too), and makes every other
symbol it defines local. What stays undefined is what the system layer
calls below newlib (hcl_*, hc_*), which the benchmark links once, as an
image does. The result is one object, for a cc_library's srcs.
"""

def _is_newlib_part(owner):
    return owner.workspace_name == "newlib" or (
        owner.package == "libc_shim" and owner.name == "newlib_sys"
    )

def _newlib_in_host_impl(ctx):
    archives = []
    whole = []
    for linker_input in ctx.attr.sys[CcInfo].linking_context.linker_inputs.to_list():  # buildifier: disable=native-cc-info
        if not _is_newlib_part(linker_input.owner):
            continue
        for lib in linker_input.libraries:
            a = lib.static_library or lib.pic_static_library
            if a == None:
                continue
            if lib.alwayslink:
                whole.append(a)
            else:
                archives.append(a)
    if not whole or not archives:
        fail("newlib_in_host: no newlib archives in %s" % ctx.attr.sys.label)
    out = ctx.actions.declare_file(ctx.label.name + ".o")
    partial = ctx.actions.declare_file(ctx.label.name + ".partial.o")
    undefined = " ".join(["-u %s" % s for s in ctx.attr.exports])
    renames = " ".join(["--redefine-sym %s=nlb_%s" % (s, s) for s in ctx.attr.exports])
    keeps = " ".join(["--keep-global-symbol=nlb_%s" % s for s in ctx.attr.exports])
    ctx.actions.run_shell(
        inputs = whole + archives,
        outputs = [out, partial],
        command = " && ".join([
            "ld -r -o {partial} {undefined} --whole-archive {whole} --no-whole-archive --start-group {archives} --end-group".format(
                partial = partial.path,
                undefined = undefined,
                whole = " ".join([f.path for f in whole]),
                archives = " ".join([f.path for f in archives]),
            ),
            "objcopy {renames} {partial} {out}.renamed".format(renames = renames, partial = partial.path, out = out.path),
            "objcopy {keeps} {out}.renamed {out}".format(keeps = keeps, out = out.path),
            "rm {out}.renamed".format(out = out.path),
        ]),
        mnemonic = "NewlibInHost",
        progress_message = "Linking newlib for the host benchmark %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]))]

newlib_in_host = rule(
    implementation = _newlib_in_host_impl,
    attrs = {
        "exports": attr.string_list(
            mandatory = True,
            doc = "Standard names newlib defines, exported as nlb_<name>.",
        ),
        "sys": attr.label(
            mandatory = True,
            providers = [CcInfo],  # buildifier: disable=native-cc-info
            doc = "//libc_shim:newlib_sys: the system layer and, through it, newlib.",
        ),
    },
    doc = "newlib and its system layer as one object exporting nlb_* names.",
)
