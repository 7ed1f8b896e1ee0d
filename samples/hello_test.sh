#!/usr/bin/env bash
# The README's main job as a test: `bazel run //samples:<image> -- ARGS` must
# print the greeting, the granted file's text and the arguments, and exit 0.
set -uo pipefail
runner="$1"
out="$("$runner" alpha beta 2>&1)"
status=$?
echo "$out"
fail() { echo "hello_test: FAIL: $*"; exit 1; }
((status == 0)) || fail "exit status $status"
for want in "Hello from hcall!" \
  "The granted file \"greeting\" says: Greetings from the host" \
  "fails with ENOENT" "  argument: alpha" "  argument: beta" "goodbye."; do
  grep -qF -- "$want" <<<"$out" || fail "missing: $want"
done
echo "hello_test: PASS"
