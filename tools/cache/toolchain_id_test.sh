#!/usr/bin/env bash
# toolchain_id.py on made-up dpkg-query tables: the id follows every version
# in the dependency closure (alternatives, virtual packages, Pre-Depends,
# architecture qualifiers) and nothing outside it.
set -euo pipefail

RF="${TEST_SRCDIR:-${RUNFILES_DIR:-$0.runfiles}}"
ID="$RF/hcall/tools/cache/toolchain_id.py"
T="$(mktemp -d "${TEST_TMPDIR:-/tmp}/toolchain_id_test.XXXXXX")"
trap 'rm -rf "$T"' EXIT
failures=0
fail() {
  echo "toolchain_id_test: FAIL: $*"
  failures=$((failures + 1))
}

# status, package, architecture, version, Provides, Pre-Depends, Depends
table() {
  local gcc_base="$1" unrelated="$2"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "ii " app amd64 1.0 "" "" "libfoo (>= 1) | libbar, c-compiler, tool:any" \
    "ii " libfoo amd64 2.1-1 "" "" "libc6 (>= 2.36)" \
    "ii " libfoo arm64 2.1-1 "" "" "" \
    "ii " gcc amd64 12.2-14 "c-compiler (= 12)" "gcc-base" "" \
    "ii " gcc-base amd64 "$gcc_base" "" "" "" \
    "ii " libc6 amd64 2.36-9 "" "" "" \
    "ii " tool all 3 "" "" "gone-package, removed" \
    "rc " removed amd64 9 "" "" "" \
    "ii " unrelated amd64 "$unrelated" "" "" "libc6"
}
table 12.2-14 1 >"$T/base"
table 12.2-14+deb12u1 1 >"$T/gcc_base_updated"
table 12.2-14 2 >"$T/unrelated_updated"

want_list="app:amd64=1.0
gcc-base:amd64=12.2-14
gcc:amd64=12.2-14
libc6:amd64=2.36-9
libfoo:amd64=2.1-1
libfoo:arm64=2.1-1
tool:all=3"
got_list="$("$ID" --table "$T/base" --list app)"
[[ "$got_list" == "$want_list" ]] || fail "closure of app:
$got_list
expected:
$want_list"

base="$("$ID" --table "$T/base" app)"
[[ "$base" =~ ^[0-9a-f]{16}$ ]] || fail "id '$base' is not 16 hex digits"
[[ "$("$ID" --table "$T/base" app)" == "$base" ]] || fail "the id is not stable"
[[ "$("$ID" --table "$T/gcc_base_updated" app)" != "$base" ]] ||
  fail "a new version of gcc-base (Pre-Depends of the provider of c-compiler) kept the id"
[[ "$("$ID" --table "$T/unrelated_updated" app)" == "$base" ]] ||
  fail "a package outside the closure changed the id"
[[ "$("$ID" --table "$T/base" app gcc)" == "$base" ]] ||
  fail "naming a package already in the closure changed the id"

if out="$("$ID" --table "$T/base" app removed nosuch 2>&1)"; then
  fail "packages that are not installed were accepted"
elif [[ "$out" != *"not installed: removed nosuch"* ]]; then
  fail "unclear message for packages that are not installed: $out"
fi
if "$ID" >/dev/null 2>&1; then
  fail "no package named was accepted"
fi

((failures == 0)) || exit 1
echo "toolchain_id_test: PASS"
