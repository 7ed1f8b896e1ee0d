#!/usr/bin/env bash
# examples/consumer as a user has it: copied elsewhere, its WORKSPACE
# pointed at this checkout, then `bazel test //...` (tests on all six
# platforms, and the newlib image's on linux_x86_64), `bazel run //:hello`
# (the C image through the launcher, with launcher flags from the command
# line), `bazel run //:stats` (the C image on newlib, reading its granted
# file, and writing a report to a :rwt grant twice) and a library built with one of hcall's platforms on the command
# line. The inner Bazel has an output base and no cache of its own: every
# run compiles hcall (and newlib, for x86_64) cold, as a fresh clone would.
set -uo pipefail

fail() {
  echo "consumer_test: FAIL: $*"
  exit 1
}

workspace_file="$(readlink -f "$TEST_SRCDIR/$TEST_WORKSPACE/WORKSPACE")" ||
  fail "cannot resolve the checkout from the WORKSPACE runfile"
hcall_root="$(dirname "$workspace_file")"
[[ -f "$hcall_root/examples/consumer/WORKSPACE" ]] ||
  fail "no examples/consumer in $hcall_root"

scratch="$(mktemp -d "${TEST_TMPDIR:-/tmp}/consumer.XXXXXX")"
user_root="$scratch/bazel"
work="$scratch/consumer"
mkdir -p "$work" "$scratch/home"
# The sources only: not a developer's bazel-* links or user.bazelrc.
tar -C "$hcall_root/examples/consumer" --exclude='./bazel-*' \
  --exclude=./user.bazelrc -cf - . | tar -C "$work" -xf - ||
  fail "copying examples/consumer"
grep -q 'path = "../.."' "$work/WORKSPACE" || fail "WORKSPACE has no path = \"../..\""
sed -i "s|path = \"../..\"|path = \"$hcall_root\"|" "$work/WORKSPACE"

# A clean client: none of this test's environment reaches the inner Bazel.
inner_bazel() {
  (cd "$work" && env -i HOME="$scratch/home" PATH="/usr/bin:/bin" \
    bazel --nohome_rc --output_user_root="$user_root" "$@")
}
cleanup() {
  inner_bazel shutdown >/dev/null 2>&1
  chmod -R u+w "$scratch" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

start=$SECONDS
echo "consumer_test: bazel test //... in a copy of examples/consumer"
out="$(inner_bazel test //... 2>&1)"
status=$?
echo "$out" | grep -vE '^\[|^(INFO|Loading|Analyzing)' | tail -40
((status == 0)) || fail "bazel test //... exited $status"
grep -qE "Executed [0-9]+ out of ([0-9]+) tests?: \1 tests? pass" <<<"$out" ||
  fail "not every test passed"
for platform in linux_x86_64 linux_aarch64 linux_arm none_x86_64 none_aarch64 none_arm; do
  for suite in hello_test fibers_test greeting_test; do
    grep -qE "^//:${suite}_${platform} +PASSED" <<<"$out" ||
      fail "${suite}_${platform} did not pass"
  done
done
grep -qE "^//:stats_test_linux_x86_64 +PASSED" <<<"$out" ||
  fail "stats_test_linux_x86_64 did not pass"
echo "consumer_test: tests passed ($((SECONDS - start)) s so far)"

echo "consumer_test: bazel run //:hello -- --memory=32M -- x"
out="$(inner_bazel run //:hello -- --memory=32M -- x 2>/dev/null)"
status=$?
echo "$out"
# main() returns its argument count: the launcher relays it.
((status == 1)) || fail "bazel run //:hello exited $status, expected 1"
grep -qxF "Hello, consumer! This is a C image built in the consumer workspace." <<<"$out" ||
  fail "bazel run //:hello did not greet"
grep -qxF "argument 1: x" <<<"$out" || fail "the argument did not reach the image"

echo "consumer_test: bazel run //:stats"
out="$(inner_bazel run //:stats 2>/dev/null)"
status=$?
echo "$out"
((status == 0)) || fail "bazel run //:stats exited $status"
grep -qxF "5 numbers, sum 1002.625, mean 200.5250, min -1.25, max 1000" <<<"$out" ||
  fail "bazel run //:stats did not print the statistics of numbers.txt"
echo "consumer_test: bazel run //:stats -- missing (a grant that does not exist)"
err="$(inner_bazel run //:stats -- missing 2>&1 >/dev/null)"
status=$?
((status == 1)) || fail "bazel run //:stats -- missing exited $status, expected 1"
grep -qF 'stats: cannot open "missing"' <<<"$err" ||
  fail "bazel run //:stats -- missing did not say what it could not open"

# An output granted on the command line: fopen("report", "w") needs an
# empty file, which :rwt gives on every run (the second run too).
report="$scratch/report.txt"
for run in 1 2; do
  echo "consumer_test: bazel run //:stats -- --file report=$report:rwt -- numbers report (run $run)"
  inner_bazel run //:stats -- --file "report=$report:rwt" -- numbers report >/dev/null 2>&1 ||
    fail "bazel run //:stats with a report grant exited $? (run $run)"
  [[ "$(cat "$report")" == "5 numbers, sum 1002.625, mean 200.5250, min -1.25, max 1000" ]] ||
    fail "the report holds '$(cat "$report")' after run $run"
done

echo "consumer_test: bazel build --platforms=@hcall//platforms:linux_aarch64 //:greeting"
inner_bazel build --platforms=@hcall//platforms:linux_aarch64 //:greeting >/dev/null 2>&1 ||
  fail "building //:greeting for @hcall//platforms:linux_aarch64"
bin="$(inner_bazel info --platforms=@hcall//platforms:linux_aarch64 bazel-bin 2>/dev/null)"
archive="$bin/libgreeting.a"
[[ -f "$archive" ]] || fail "no $archive"
machine="$(readelf -h "$archive" | awk -F: '/Machine:/ { gsub(/^ +/, "", $2); print $2; exit }')"
[[ "$machine" == AArch64 ]] || fail "libgreeting.a is for '$machine', not AArch64"

echo "consumer_test: PASS in $((SECONDS - start)) s"
