#!/usr/bin/env python3
"""Host-side checker of the bare-metal page protections (fault_image.cc).

Boots fault_image once per probe under qemu-system, with the probe name as
argv[1] (fw_cfg opt/hcall/args), and checks:
  * "mmu": exit status 0 and the marker HCALL-MMU-OK;
  * every other probe: the image announced the access it will make
    ("probe: expect ACCESS at ADDR", "... in LOW..HIGH" or "... at any"),
    the backend stopped it with exactly one line
    "hcall: fault: KIND, ACCESS at ADDR, pc PC" whose access and address
    match the announcement (for execute, the PC equals the address too),
    the image printed nothing after it, and QEMU relayed status 126.

Flags, check_baremetal.py's (add_platform_flags), read once in main(): --qemu (QEMU command
prefix without -kernel), --exit_decode (identity | debug_exit), --platform
and --cpu (hc_image_driver_test passes these four), --image (the ELF),
--timeout (s, default 60); TEST_TMPDIR is Bazel's. Arguments: probe names
(default: all). Prints PASS and exits 0 if every probe passes, else exits
1.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import check_baremetal  # the platform flags (beside this file)

FAULT_STATUS = 126
PROBES = ["mmu", "protect-read", "protect-none", "unmapped", "text",
          "rodata", "null", "exec-rw", "fiber-overflow", "stack-overflow",
          "undefined"]

FAULT_RE = re.compile(
    r"^hcall: fault: ([a-z ()]+), (read|write|execute) at (0x[0-9a-f]{16}), "
    r"pc (0x[0-9a-f]{16})$")
EXPECT_RE = re.compile(
    r"^probe: expect (read|write|execute) "
    r"(?:at (0x[0-9a-f]{16}|any)|in (0x[0-9a-f]{16})\.\.(0x[0-9a-f]{16}))$")


def run_probe(probe, tmp, cfg):
    timeout = cfg.timeout
    mode = cfg.exit_decode
    args = os.path.join(tmp, "args_" + probe)
    with open(args, "wb") as f:
        f.write(b"fault_image\0" + probe.encode() + b"\0")
    cmd = cfg.qemu.split() + ["-fw_cfg", "name=opt/hcall/args,file=" + args,
                              "-kernel", cfg.image]
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        return None, out
    return (check_baremetal.decode(proc.returncode, mode),
            proc.stdout.decode(errors="replace"))


def check_fault(probe, status, out):
    lines = [l.rstrip("\r") for l in out.split("\n") if l.strip()]
    expects = [EXPECT_RE.match(l) for l in lines]
    expects = [m for m in expects if m]
    faults = [(i, FAULT_RE.match(l)) for i, l in enumerate(lines)]
    faults = [(i, m) for i, m in faults if m]
    if len(expects) != 1:
        return "no 'probe: expect' line"
    if len(faults) != 1:
        return "%d fault lines (want 1)" % len(faults)
    index, fault = faults[0]
    if index != len(lines) - 1:
        return "output after the fault line: %r" % lines[index + 1:]
    if status != FAULT_STATUS:
        return "exit status %r, want %d" % (status, FAULT_STATUS)
    want_access, at, low, high = expects[0].groups()
    kind, access, address, pc = fault.groups()
    address, pc = int(address, 16), int(pc, 16)
    if access != want_access:
        return "access %s, want %s" % (access, want_access)
    if at is not None and at != "any" and address != int(at, 16):
        return "address %#x, want %s" % (address, at)
    if low is not None and not int(low, 16) <= address < int(high, 16):
        return "address %#x not in %s..%s" % (address, low, high)
    if access == "execute" and pc != address:
        return "execute fault with pc %#x != address %#x" % (pc, address)
    if probe == "undefined" and "instruction" not in kind:
        return "kind %r does not name an instruction" % kind
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("probes", nargs="*", help="default: all")
    check_baremetal.add_platform_flags(parser)
    args = check_baremetal.platform_settings(parser.parse_args())
    unknown = [p for p in args.probes if p not in PROBES]
    if unknown:
        parser.error("unknown probe %s (known: %s)" % (unknown[0],
                                                      " ".join(PROBES)))
    ok = True
    with tempfile.TemporaryDirectory(
            dir=os.environ.get("TEST_TMPDIR") or None) as tmp:
        for probe in args.probes or PROBES:
            status, out = run_probe(probe, tmp, args)
            if status is None and probe != "mmu":
                error = "timed out or bad exit code (hang or reset?)"
            elif probe == "mmu":
                error = None if status == 0 and "HCALL-MMU-OK" in out else (
                    "status %r, marker missing" % status)
            else:
                error = check_fault(probe, status, out)
            if error:
                ok = False
                print("FAIL %s: %s" % (probe, error))
                sys.stdout.write(out)
            else:
                last = [l for l in out.split("\n") if l.strip()][-1]
                print("ok   %-15s %s" % (probe, last.strip()))
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
