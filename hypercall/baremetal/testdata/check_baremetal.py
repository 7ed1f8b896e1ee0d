#!/usr/bin/env python3
"""Host-side runner and checker for the bare-metal hcall test images.

Boots one image under qemu-system with the devices its check needs, checks
the success marker and the relayed exit status, and then what only the host
can see (the disk files, host wall time).

Flags (hc_image_driver_test passes the first four; paths absolute or
relative to the cwd), read once in main() (README.md, "Names and house
rules"):
  --qemu=WORDS         the QEMU command prefix, words separated by spaces:
                       binary and machine arguments, without -kernel (e.g.
                       HC_PLATFORMS' qemu + qemu_args of the platform)
  --exit_decode=MODE   "identity" (Arm semihosting) or "debug_exit"
                       (isa-debug-exit: code = status * 2 + 1); default:
                       debug_exit if --qemu has isa-debug-exit
  --platform, --cpu    the platform under test (for messages only)
  --image=PATH         the image ELF, passed with -kernel
  --timeout=S          seconds before the guest is killed (default 60)
TEST_TMPDIR (Bazel's) is the scratch directory (default: a temp dir).
Arguments: one check name:
  hello   marker "Hello from hcall", status 7
  random  -device virtio-rng-device; marker, status 0
  sleep   a sleep of 100 ms (--ms N to change it; passed to the guest as
          argv[1] through fw_cfg opt/hcall/args). Every boot must pass the
          checks that no host load can break: marker, status 0, the guest
          never wakes before its own MONOTONIC says the span is over (the
          image checks), and the guest's measured span fits in the host time
          from starting QEMU to receiving the "end" line (a guest clock
          faster than the host's cannot). The rate check (host time between
          the "begin" and "end" lines, and the guest's span, both within 20%
          of the request and of each other) assumes the host runs the guest
          promptly, which a busy host does not: it must hold in one of up to
          --rate-boots boots (default 3). A clock that runs at the wrong
          rate fails every boot.
  block   two fresh disks (1 MiB, 256 KiB) as virtio-blk devices; marker,
          status 0; each disk file must hold the guest's pattern in the
          written ranges and the host's filler everywhere else, and the
          guest must report them as handles 3 and 4 in that order
  boot-info  boot_info_image: argv, environ, manifest and seed through
          fw_cfg reach hc_main; without them argv is {"hcall"} and the
          manifest empty; hc_abort, a CPU fault and exit statuses are
          relayed (abort: 134 on Arm, 127 on x86_64; fault: 126)
  (Boot times are a benchmark: //bench:boot_bench.)
Exit status 0 if the check passes, 1 if not.
"""

import argparse
import os
import selectors
import subprocess
import sys
import tempfile
import time

SECTOR = 512


def pattern(offset, handle):
    return (offset * 131 + (offset >> 9) * 7 + handle * 29 + 0x5A) & 0xFF


def filler(offset):
    return (offset * 13 + 0x33) & 0xFF


def block_ranges(size):
    # Keep in sync with block_image.cc.
    return [(0, 512), (3684, 1000), (65536, 4608), (size - 300, 300)]


class Run:
    """One guest run: console lines with host arrival times, exit status."""

    def __init__(self, start, lines, status, raw, first_byte, end):
        self.start = start
        self.lines = lines  # list of (host seconds since start, text)
        self.status = status
        self.raw = raw
        self.first_byte = first_byte
        self.end = end

    def text(self):
        return "".join(t for _, t in self.lines)


def add_platform_flags(parser):
    """The flags hc_image_driver_test passes on a bare-metal platform."""
    parser.add_argument("--qemu", required=True,
                        help="qemu-system and its machine arguments")
    parser.add_argument("--exit_decode", choices=["identity", "debug_exit"])
    parser.add_argument("--platform", default="")
    parser.add_argument("--cpu", default="")
    parser.add_argument("--image", required=True, help="the image ELF")
    parser.add_argument("--timeout", type=int, default=60,
                        help="seconds before the guest is killed")


def platform_settings(args):
    """args, with exit_decode defaulted from --qemu."""
    if not args.exit_decode:
        args.exit_decode = ("debug_exit" if "isa-debug-exit" in args.qemu
                            else "identity")
    return args


def decode(raw, mode):
    if mode == "debug_exit":
        if raw % 2 == 1 and 0 <= raw < 256:
            return (raw - 1) // 2
        return None
    return raw


def boot(extra_args, cfg):
    """Boots cfg.image with extra_args; cfg holds the flags of main()."""
    timeout = cfg.timeout
    mode = cfg.exit_decode
    cmd = cfg.qemu.split() + extra_args + ["-kernel", cfg.image]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    lines, partial, first_byte = [], b"", None
    deadline = start + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            proc.wait()
            print("FAIL: guest timed out after %d s" % timeout)
            sys.stdout.write(partial.decode(errors="replace"))
            return None
        if not sel.select(left):
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        now = time.monotonic() - start
        if not chunk:
            break
        if first_byte is None:
            first_byte = now
        partial += chunk
        while b"\n" in partial:
            line, partial = partial.split(b"\n", 1)
            lines.append((now, line.decode(errors="replace") + "\n"))
    if partial:
        lines.append((time.monotonic() - start, partial.decode(errors="replace")))
    raw = proc.wait()
    end = time.monotonic() - start
    run = Run(start, lines, decode(raw, mode), raw, first_byte, end)
    sys.stdout.write(run.text())
    print("host: QEMU exit code %d -> status %s, %.3f s" % (raw, run.status, end))
    return run


def expect(run, marker, status):
    ok = True
    if run is None:
        return False
    if run.status != status:
        print("FAIL: exit status %s, expected %d" % (run.status, status))
        ok = False
    if marker not in run.text():
        print("FAIL: marker %r not in the output" % marker)
        ok = False
    return ok


def write_file(path, data):
    with open(path, "wb") as f:
        f.write(data)


def sleep_boot(args, tmp, cfg):
    """One boot of the sleep image: (hard_ok, rate_ok)."""
    argv_file = os.path.join(tmp, "args")
    write_file(argv_file, b"sleep_image\0%d\0" % args.ms)
    run = boot(["-fw_cfg", "name=opt/hcall/args,file=" + argv_file], cfg)
    if not expect(run, "HCALL-BAREMETAL-SLEEP-OK", 0):
        return False, False
    begin = [t for t, l in run.lines if l.startswith("hcall-sleep: begin")]
    end = [(t, l) for t, l in run.lines if l.startswith("hcall-sleep: end")]
    if not begin or not end:
        print("FAIL: begin/end lines missing")
        return False, False
    host_ms = (end[0][0] - begin[0]) * 1000.0
    window_ms = end[0][0] * 1000.0  # QEMU start to the "end" line
    guest_ms = int(end[0][1].split("slept_ns=")[1].split()[0]) / 1e6
    print("host: requested %d ms, guest MONOTONIC %.3f ms, host %.3f ms "
          "(%.3f ms since QEMU started)"
          % (args.ms, guest_ms, host_ms, window_ms))
    # Load-proof: the guest slept inside this window of host time.
    if guest_ms > window_ms:
        print("FAIL: the guest measured %.3f ms within %.3f ms of host time: "
              "its clock runs fast" % (guest_ms, window_ms))
        return False, False
    rate_ok = True
    for name, value in (("host", host_ms), ("guest", guest_ms)):
        if abs(value - args.ms) > 0.2 * args.ms:
            print("rate: %s time %.3f ms is not within 20%% of %d ms"
                  % (name, value, args.ms))
            rate_ok = False
    if abs(guest_ms - host_ms) > 0.2 * host_ms:
        print("rate: guest and host disagree by more than 20%")
        rate_ok = False
    return True, rate_ok


def check_sleep(args, tmp, cfg):
    for attempt in range(1, args.rate_boots + 1):
        hard_ok, rate_ok = sleep_boot(args, tmp, cfg)
        if not hard_ok:
            return False
        if rate_ok:
            print("host: rate within 20%% in boot %d" % attempt)
            return True
        print("host: boot %d of %d missed the rate check (a busy host can "
              "delay the guest or its output); booting again"
              % (attempt, args.rate_boots))
    print("FAIL: the rate check failed in all %d boots" % args.rate_boots)
    return False


def check_block(tmp, cfg):
    sizes = [1 << 20, 256 << 10]
    disks = []
    extra = []
    for i, size in enumerate(sizes):
        path = os.path.join(tmp, "disk%d.img" % i)
        write_file(path, bytes(filler(o) for o in range(size)))
        disks.append(path)
        extra += ["-drive", "file=%s,format=raw,if=none,id=blk%d" % (path, i),
                  "-device", "virtio-blk-device,drive=blk%d" % i]
    run = boot(extra, cfg)
    if not expect(run, "HCALL-BAREMETAL-BLOCK-OK", 0):
        return False
    ok = True
    for i, (path, size) in enumerate(zip(disks, sizes)):
        handle = 3 + i
        line = "hcall-block: handle=%d size=%d " % (handle, size)
        if line not in run.text():
            print("FAIL: guest did not report %r (discovery order)" % line)
            ok = False
        with open(path, "rb") as f:
            data = f.read()
        expected = bytearray(filler(o) for o in range(size))
        for off, length in block_ranges(size):
            for o in range(off, off + length):
                expected[o] = pattern(o, handle)
        if data != bytes(expected):
            bad = next(o for o in range(size) if data[o] != expected[o])
            print("FAIL: %s differs from the expected contents at byte %d"
                  % (path, bad))
            ok = False
        else:
            print("host: %s holds handle %d's pattern and nothing else"
                  % (path, handle))
    return ok


def abort_status(cfg):
    return 127 if cfg.exit_decode == "debug_exit" else 134


def check_boot_info(tmp, cfg):
    files = {
        "args": b"boot_info_image\0hello world\0x\0",
        "env": b"A=1\0B=two words\0",
        "manifest": b"HCMF" + bytes(range(60)),
        "seed": b"0x1234\n",
    }
    extra = []
    for name, data in files.items():
        path = os.path.join(tmp, name)
        write_file(path, data)
        extra += ["-fw_cfg", "name=opt/hcall/%s,file=%s" % (name, path)]
    ok = True
    run = boot(extra, cfg)
    ok = expect(run, "HCALL-BAREMETAL-BOOT-INFO-OK", 0) and ok
    for want in ["argc=3", "argv[1]=hello world", "argv[2]=x", "env A=1",
                 "env B=two words", "manifest_len=64 head=48434d46",
                 "seed_given=1 seed=4660"]:
        if run is not None and want not in run.text():
            print("FAIL: %r missing" % want)
            ok = False
    run = boot([], cfg)
    ok = expect(run, "HCALL-BAREMETAL-BOOT-INFO-OK", 0) and ok
    for want in ["argc=1", "argv[0]=hcall", "manifest_len=0", "seed_given=0"]:
        if run is not None and want not in run.text():
            print("FAIL: %r missing" % want)
            ok = False
    for arg, marker, status in [
            ("abort", "hcall: abort", abort_status(cfg)),
            ("trap", "hcall: fault: ", 126),
            ("exit=99", "boot-info: argc=2", 99)]:
        path = os.path.join(tmp, "args_" + arg)
        write_file(path, b"boot_info_image\0" + arg.encode() + b"\0")
        run = boot(["-fw_cfg", "name=opt/hcall/args,file=" + path], cfg)
        ok = expect(run, marker, status) and ok
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("check", choices=["hello", "random", "sleep", "block",
                                          "boot-info"])
    parser.add_argument("--ms", type=int, default=100)
    parser.add_argument("--rate-boots", type=int, default=3,
                        help="sleep: boots in which the rate check may pass")
    add_platform_flags(parser)
    args = parser.parse_args()
    cfg = platform_settings(args)
    base = os.environ.get("TEST_TMPDIR") or None
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        if args.check == "hello":
            ok = expect(boot([], cfg), "Hello from hcall", 7)
        elif args.check == "random":
            ok = expect(boot(["-device", "virtio-rng-device"], cfg),
                        "HCALL-BAREMETAL-RANDOM-OK", 0)
        elif args.check == "sleep":
            ok = check_sleep(args, tmp, cfg)
        elif args.check == "block":
            ok = check_block(tmp, cfg)
        else:
            ok = check_boot_info(tmp, cfg)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
