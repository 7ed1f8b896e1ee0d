#!/usr/bin/env python3
"""Prints hcall's toolchain id: what a shared build cache must key on.

The compilers, system headers and host libraries are not inputs of any
Bazel action, so two machines with different Debian package versions would
share cached outputs silently. The id names the exact installed versions of
the given packages and of everything they depend on (Depends and
Pre-Depends, followed through alternatives and virtual packages) as the
first 16 hex digits of a SHA-256. ./bazelw passes it on every command that
can use a cache: a machine whose packages differ in any version gets other
keys, so it misses and never gets a wrong hit.

  toolchain_id.py PACKAGE...           the id
  toolchain_id.py --list PACKAGE...    the closure, one "name:arch=version"
                                       a line (what the id is the hash of)
  --table FILE    read dpkg-query's table from FILE instead of running
                  dpkg-query (tests): one package a line, tab-separated:
                  status abbreviation, package, architecture, version,
                  Provides, Pre-Depends, Depends

Exit status 0; 1 (with the names) if a package is not installed; 2 on bad
usage.
"""

import argparse
import hashlib
import re
import subprocess
import sys

# Bump when the way the id is computed changes.
FORMAT = "hcall-toolchain-id/1"

QUERY_FORMAT = ("${db:Status-Abbrev}\t${Package}\t${Architecture}\t"
                "${Version}\t${Provides}\t${Pre-Depends}\t${Depends}\n")


def read_table(path):
    if path:
        with open(path, encoding="utf-8") as f:
            return f.read()
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", QUERY_FORMAT],
                              check=True, capture_output=True,
                              text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("toolchain_id: dpkg-query failed: %s" % e)


def names(field):
    """The package names of a relationship field, one list per group.

    "a (>= 1) | b:any, c [amd64] <!nocheck>" -> [["a", "b"], ["c"]]
    """
    groups = []
    for group in field.split(","):
        alts = []
        for alt in group.split("|"):
            alt = re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "", alt).strip()
            if alt:
                alts.append(alt.split(":")[0])
        if alts:
            groups.append(alts)
    return groups


class Package:
    def __init__(self, name, arch, version, depends):
        self.name = name
        self.arch = arch
        self.version = version
        self.depends = depends

    def line(self):
        return "%s:%s=%s" % (self.name, self.arch, self.version)


def parse(table):
    """name -> [Package] (one per installed architecture), virtual -> names."""
    installed = {}
    provides = {}
    for row in table.splitlines():
        cols = row.split("\t")
        if len(cols) != 7:
            continue
        status, name, arch, version, prov, predeps, deps = cols
        # The second letter is the package's state: n(ot-installed) and
        # c(onfig-files) leave no program behind; every other state does.
        if len(status) < 2 or status[1] in "nc":
            continue
        installed.setdefault(name, []).append(
            Package(name, arch, version, names(predeps) + names(deps)))
        for group in names(prov):
            for virtual in group:
                provides.setdefault(virtual, set()).add(name)
    return installed, provides


def closure(roots, installed, provides):
    """Every installed package that `roots` need, directly or not.

    For a group of alternatives, every installed one counts: which of them
    the tools use is not knowable here, and counting too many packages only
    costs cache hits, never correctness.
    """
    missing = [r for r in roots if r not in installed]
    if missing:
        return None, missing
    seen = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for pkg in installed[name]:
            for group in pkg.depends:
                for alt in group:
                    for real in [alt] + sorted(provides.get(alt, ())):
                        if real in installed and real not in seen:
                            todo.append(real)
    lines = sorted(p.line() for n in seen for p in installed[n])
    return lines, []


def toolchain_id(lines):
    text = FORMAT + "\n" + "".join(line + "\n" for line in lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(
        description="Prints hcall's toolchain id (see the module docstring).")
    parser.add_argument("packages", nargs="+", metavar="PACKAGE")
    parser.add_argument("--list", action="store_true",
                        help="print the closure instead of the id")
    parser.add_argument("--table", help="dpkg-query's table (for tests)")
    args = parser.parse_args()
    installed, provides = parse(read_table(args.table))
    lines, missing = closure(args.packages, installed, provides)
    if missing:
        print("toolchain_id: not installed: %s (./bazelw installs them)"
              % " ".join(missing), file=sys.stderr)
        return 1
    if args.list:
        sys.stdout.write("".join(line + "\n" for line in lines))
    else:
        print(toolchain_id(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
