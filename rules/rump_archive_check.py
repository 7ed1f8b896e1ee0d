#!/usr/bin/env python3
"""Checks one prebuilt rump kernel archive before hcall links it.

Usage: rump_archive_check.py --cpu=CPU ARCHIVE [OUT]

Refuses, with one message that says what to do:
  - an archive with thread-local storage: a member with an SHF_TLS section
    (.tbss, .tdata) or a reference to a thread-local symbol. hcall runs every
    rump kernel thread on fibers of one host thread, so the kernel must keep
    curlwp through the hypercall (rumpuser_curlwp); a kernel built with the
    default __thread curlwp would link and die at its first curlwp;
  - a rumpuser(3) implementation (a member that defines rumpuser_*
    functions, such as NetBSD's librumpuser): hcall is the rumpuser;
  - members built for another CPU than CPU (x86_64, aarch64, arm), thin
    archives and files that are not ar archives.
On success copies ARCHIVE to OUT (when given) and prints nothing.
Exit status 0 (accepted) or 1 (refused, message on stderr). Reads the ar
and ELF formats itself: no tool besides Python is needed.
"""

import shutil
import struct
import sys

MACHINES = {"x86_64": 62, "aarch64": 183, "arm": 40}
MACHINE_NAMES = {v: k for k, v in MACHINES.items()}
SHF_TLS = 0x400
SHT_SYMTAB = 2
STT_FUNC = 2
STT_TLS = 6

REBUILD = (
    "hcall runs every rump kernel thread on fibers of one host thread, so the\n"
    "kernel must keep curlwp through the hypercall (rumpuser_curlwp), not in a\n"
    "__thread variable. Rebuild the kernel with RUMP_CURLWP=hypercall (NetBSD's\n"
    "build.sh or buildrump.sh: -V RUMP_CURLWP=hypercall) and point\n"
    "HCALL_RUMP_KERNEL at the new archives (README.md, \"Running a NetBSD rump\n"
    "kernel\").")


class Refused(Exception):
    pass


def members(data, path):
    """Yields (name, bytes) of each member of the ar archive (data)."""
    if data.startswith(b"!<thin>\n"):
        raise Refused("%s is a thin archive (its members live elsewhere); "
                      "give hcall an ordinary one (ar rcs)" % path)
    if not data.startswith(b"!<arch>\n"):
        raise Refused("%s is not an ar archive of kernel objects" % path)
    pos = 8
    longnames = b""
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        if header[58:60] != b"`\n":
            raise Refused("%s: malformed ar member header at byte %d" % (path, pos))
        name = header[0:16].rstrip(b" ")
        size = int(header[48:58].strip() or b"0")
        body = data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name in (b"/", b"/SYM64/", b"__.SYMDEF", b"__.SYMDEF SORTED"):
            continue
        if name == b"//":
            longnames = body
            continue
        if name.startswith(b"#1/"):  # BSD: the name opens the body
            n = int(name[3:])
            name, body = body[:n].rstrip(b"\0"), body[n:]
        elif name.startswith(b"/") and name[1:].isdigit():  # GNU long name
            start = int(name[1:])
            end = longnames.find(b"/\n", start)
            name = longnames[start:end if end >= 0 else len(longnames)]
        elif name.endswith(b"/"):
            name = name[:-1]
        yield name.decode(errors="replace"), body


def cstring(table, offset):
    end = table.find(b"\0", offset)
    return table[offset:end if end >= 0 else len(table)].decode(errors="replace")


def check_object(path, member, elf, cpu):
    if not elf.startswith(b"\x7fELF"):
        return  # not an object (a stray text file): nothing to link
    is64 = elf[4] == 2
    endian = "<" if elf[5] == 1 else ">"
    machine = struct.unpack_from(endian + "H", elf, 18)[0]
    if machine != MACHINES[cpu]:
        raise Refused(
            "%s(%s) is built for %s, not for %s: put each CPU's archives in "
            "its own directory (HCALL_RUMP_KERNEL/<cpu>/lib)" %
            (path, member, MACHINE_NAMES.get(machine, "machine %d" % machine), cpu))
    if is64:
        shoff = struct.unpack_from(endian + "Q", elf, 0x28)[0]
        shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", elf, 0x3A)
    else:
        shoff = struct.unpack_from(endian + "I", elf, 0x20)[0]
        shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", elf, 0x2E)
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if is64:
            name, kind, flags, _, offset, size, link, _, _, entsize = \
                struct.unpack_from(endian + "IIQQQQIIQQ", elf, off)
        else:
            name, kind, flags, _, offset, size, link, _, _, entsize = \
                struct.unpack_from(endian + "IIIIIIIIII", elf, off)
        sections.append((name, kind, flags, offset, size, link, entsize))
    names = b""
    if shstrndx < len(sections):
        _, _, _, offset, size, _, _ = sections[shstrndx]
        names = elf[offset:offset + size]
    for name, kind, flags, offset, size, link, entsize in sections:
        if flags & SHF_TLS:
            raise Refused("%s uses thread-local storage (%s: section %s).\n%s" %
                          (path, member, cstring(names, name), REBUILD))
    for name, kind, flags, offset, size, link, entsize in sections:
        if kind != SHT_SYMTAB or entsize == 0:
            continue
        strtab = b""
        if link < len(sections):
            _, _, _, soff, ssize, _, _ = sections[link]
            strtab = elf[soff:soff + ssize]
        for i in range(size // entsize):
            at = offset + i * entsize
            if is64:
                st_name, st_info, _, st_shndx = struct.unpack_from(endian + "IBBH", elf, at)
            else:
                st_name, _, _, st_info, _, st_shndx = struct.unpack_from(endian + "IIIBBH", elf, at)
            kind_of = st_info & 0xF
            bind = st_info >> 4
            symbol = cstring(strtab, st_name)
            if kind_of == STT_TLS:
                raise Refused("%s uses thread-local storage (%s: thread-local "
                              "symbol %s).\n%s" % (path, member, symbol, REBUILD))
            if (kind_of == STT_FUNC and bind in (1, 2) and st_shndx != 0 and
                    symbol.startswith("rumpuser_")):
                raise Refused(
                    "%s(%s) defines %s: it is a rumpuser(3) implementation "
                    "(NetBSD's librumpuser?), not a kernel component. hcall "
                    "provides rumpuser; leave that archive out." %
                    (path, member, symbol))


def check(path, cpu):
    with open(path, "rb") as f:
        data = f.read()
    count = 0
    for member, body in members(data, path):
        check_object(path, member, body, cpu)
        count += 1
    if count == 0:
        raise Refused("%s holds no objects" % path)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--cpu=")]
    cpus = [a[len("--cpu="):] for a in argv[1:] if a.startswith("--cpu=")]
    if len(cpus) != 1 or cpus[0] not in MACHINES or len(args) not in (1, 2):
        sys.stderr.write("usage: rump_archive_check.py --cpu=x86_64|aarch64|arm "
                         "ARCHIVE [OUT]\n")
        return 2
    try:
        check(args[0], cpus[0])
    except Refused as e:
        sys.stderr.write("hcall: refusing rump kernel archive: %s\n" % e)
        return 1
    except (OSError, struct.error, ValueError) as e:
        sys.stderr.write("hcall: cannot read rump kernel archive %s: %s\n" %
                         (args[0], e))
        return 1
    if len(args) == 2:
        shutil.copyfile(args[0], args[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
