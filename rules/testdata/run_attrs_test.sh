#!/usr/bin/env bash
# `bazel run` of an hc_image with every run attribute set
# (rules/testdata/BUILD.bazel): the image must see the attributes'
# environment, seed and grants, plus the flags and arguments given on the
# command line; --print-command must show the sandbox mode, memory and
# timeout the attributes asked for.
set -uo pipefail
runner="$1"
fail() {
  echo "run_attrs_test: FAIL: $*"
  exit 1
}
# The image prints the binary manifest; drop its NUL bytes. pipefail keeps
# the runner's exit status.
run() { "$runner" "$@" 2>&1 | tr -d '\000'; }

out="$(run --env HCTEST_LATE=from-the-command-line -- first)"
status=$?
echo "$out"
((status == 0)) || fail "exit status $status"
for want in "env: HCTEST_ATTR=from-the-attribute" \
  "env: HCTEST_EXTRA=from-launcher-args" \
  "env: HCTEST_LATE=from-the-command-line" \
  "seed: 42" "argv: first" "BOOT OK"; do
  grep -qxF -- "$want" <<<"$out" || fail "missing line: $want"
done
for grant in disk header; do
  grep -q "^manifest: .*$grant" <<<"$out" || fail "the manifest does not grant $grant"
done

# A leading "--" alone: everything after it is the image's, even "--env".
out="$(run -- --env)"
grep -qxF -- "argv: --env" <<<"$out" || fail "'-- --env' did not reach the image: $out"

# What the launcher composes from the attributes; a later flag wins.
out="$(run --print-command --memory=40M --)"
status=$?
echo "$out"
((status == 0)) || fail "--print-command exited $status"
grep -q "sandbox audit" <<<"$out" || fail "--print-command shows no 'sandbox audit'"
grep -qF "disk" <<<"$out" || fail "--print-command shows no block grant"
echo "run_attrs_test: PASS"
