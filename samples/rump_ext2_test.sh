#!/usr/bin/env bash
# The worked example of README.md, "Running a NetBSD rump kernel", as a test:
# makes an ext2 file system with the host's mke2fs, runs rump_ext2 through
# `hcall run` with it granted as the block device "disk", then checks it with
# e2fsck and reads the file the image wrote with debugfs.
#   --launcher=PATH --image=PATH
#   --platform=NAME --cpu=CPU      the platform under test, and where QEMU is:
#   --emulator=PATH | --qemu=WORDS (hc_image_driver_test's settings flags;
#   --exit_decode=MODE              the launcher decodes exits itself)
#   --skip=REASON                  no kernel: print the reason and pass
set -uo pipefail
export PATH="/usr/sbin:/sbin:$PATH"  # mke2fs, e2fsck, debugfs

launcher="" image="" skip="" platform="" emulator="" qemu=""
for a in "$@"; do
  case "$a" in
    --launcher=*) launcher="${a#*=}" ;;
    --image=*) image="${a#*=}" ;;
    --skip=*) skip="${a#*=}" ;;
    --platform=*) platform="${a#*=}" ;;
    --emulator=*) emulator="${a#*=}" ;;
    --qemu=*) qemu="${a#*=}" ;;
    --cpu=* | --exit_decode=*) ;;
    *) echo "rump_ext2_test: unknown argument $a" >&2; exit 2 ;;
  esac
done
if [[ -n "$skip" ]]; then
  echo "rump_ext2_test: SKIPPED: $skip"
  exit 0
fi

qemu_dir=""
if [[ -n "$emulator" ]]; then qemu_dir="$(dirname "$emulator")"; fi
if [[ -n "$qemu" ]]; then qemu_dir="$(dirname "${qemu%% *}")"; fi

tmp="${TEST_TMPDIR:-$(mktemp -d)}"
disk="$tmp/ext2.img"
text="written by a NetBSD rump kernel on ${platform:-the host}"
rm -f "$disk"
mke2fs -q -F -t ext2 -b 1024 "$disk" 4096 || { echo "FAIL: mke2fs"; exit 1; }

args=(run --memory=64M --timeout=300s)
[[ -n "$qemu_dir" ]] && args+=(--qemu_dir="$qemu_dir")
args+=(--block "disk=$disk:rw" "$image" -- "$text")
out="$("$launcher" "${args[@]}" 2>&1)"
status=$?
echo "$out"
[[ $status -eq 0 ]] || { echo "FAIL: the image exited $status"; exit 1; }
[[ "$out" == *"rump_ext2: wrote and read back ${#text} bytes"* ]] ||
  { echo "FAIL: no success line from the image"; exit 1; }
e2fsck -fn "$disk" || { echo "FAIL: e2fsck -fn found errors"; exit 1; }
got="$(debugfs -R "cat /hello.txt" "$disk" 2>/dev/null)"
[[ "$got" == "$text" ]] || { echo "FAIL: /hello.txt holds '$got'"; exit 1; }
echo "rump_ext2_test: PASS"
