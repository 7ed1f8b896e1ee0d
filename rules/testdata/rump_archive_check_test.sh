#!/usr/bin/env bash
# Runs //rules:rump_archive_check on archives built by this package: the
# thread-local ones are refused with the message that says how to rebuild,
# a rumpuser implementation and a wrong CPU are refused, a clean component
# is accepted and copied unchanged.
# Args: CHECK TLS_ARCHIVE TLS_USER_ARCHIVE CLEAN_ARCHIVE RUMPUSER_ARCHIVE
set -uo pipefail
check="$1" tls="$2" tls_user="$3" clean="$4" rumpuser="$5"
out="${TEST_TMPDIR:-/tmp}/checked.a"
err="${TEST_TMPDIR:-/tmp}/check.err"
failures=0

fail() {
  echo "FAIL: $*"
  sed 's/^/  stderr: /' "$err"
  failures=$((failures + 1))
}

# refused ARCHIVE CPU TEXT...: exit 1, no output file, every TEXT in stderr.
refused() {
  local archive="$1" cpu="$2"
  shift 2
  rm -f "$out"
  "$check" --cpu="$cpu" "$archive" "$out" 2>"$err"
  local status=$?
  ((status == 1)) || fail "$archive --cpu=$cpu: exit $status, expected 1"
  [[ ! -e "$out" ]] || fail "$archive --cpu=$cpu: wrote $out although refused"
  local text
  for text in "$@"; do
    grep -qF -- "$text" "$err" || fail "$archive --cpu=$cpu: no '$text' in stderr"
  done
}

refused "$tls" x86_64 "uses thread-local storage" "section .tbss" \
  "RUMP_CURLWP=hypercall" "HCALL_RUMP_KERNEL" "Running a NetBSD rump"
refused "$tls_user" x86_64 "uses thread-local storage" \
  "thread-local symbol rump_archive_curlwp" "RUMP_CURLWP=hypercall"
refused "$rumpuser" x86_64 "defines rumpuser_getversion" "not a kernel component"
refused "$clean" aarch64 "is built for x86_64, not for aarch64"
refused "$0" x86_64 "is not an ar archive"

rm -f "$out"
if "$check" --cpu=x86_64 "$clean" "$out" 2>"$err"; then
  cmp -s "$clean" "$out" || fail "$clean: the copy differs"
  [[ ! -s "$err" ]] || fail "$clean: accepted but printed something"
else
  fail "$clean: a clean component was refused"
fi

if ((failures)); then
  echo "rump_archive_check_test: $failures failure(s)"
  exit 1
fi
echo "rump_archive_check_test: PASS"
