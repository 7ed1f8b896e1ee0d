#!/usr/bin/env bash
# Checks (or fixes) the formatting of every BUILD/.bzl file (buildifier) and
# every C/C++ file (clang-format, per /.clang-format) in the source tree.
#
#   format.sh check   exit 1 listing each badly formatted file (a test)
#   format.sh fix     rewrite them in place (`./bazelw run //tools/format:fix`)
set -uo pipefail

mode="${1:?usage: format.sh check|fix}"
RF="${TEST_SRCDIR:-${RUNFILES_DIR:-$0.runfiles}}"
buildifier="$RF/buildifier/tool"
clang_format="$RF/clang_format/bin/clang-format"

# The source tree: where the WORKSPACE symlink in our runfiles points.
root="$(dirname "$(readlink -f "$RF/hcall/WORKSPACE")")"
cd "$root" || exit 2

# Tracked and untracked-but-not-ignored files in a git checkout; else all.
if git rev-parse --git-dir >/dev/null 2>&1; then
  list() { git ls-files -co --exclude-standard -- "$@"; }
else
  # Each glob matches a whole base name: '*.bzl' -> [^/]*\.bzl, anchored.
  list() {
    local alts
    alts="$(printf '%s|' "$@" | sed 's/\./\\./g; s/\*/[^\/]*/g; s/|$//')"
    find . -path ./bazel-\* -prune -o -path ./.tools -prune -o -type f -print |
      sed 's|^\./||' | grep -E "(^|/)($alts)\$"
  }
fi
mapfile -t build_files < <(list 'BUILD' '*.bazel' '*.bzl' 'WORKSPACE' '*.BUILD' | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
mapfile -t cc_files < <(list '*.cc' '*.h' '*.c' | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)

# Bazel 4.2.3 has no rules_shell and builds cc rules natively, so the
# native-* "load it from rules_*" warnings cannot apply; the BUILD files call
# generator macros (hc_platforms(), ...) that name no single target.
readonly LINT_OFF="-native-cc-binary,-native-cc-library,-native-cc-test,-native-cc-toolchain,-native-sh-binary,-native-sh-test,-native-sh-library,-unnamed-macro"
status=0
if [[ "$mode" == fix ]]; then
  "$buildifier" -mode=fix -lint=fix -warnings="$LINT_OFF" "${build_files[@]}" || status=1
  ((${#cc_files[@]})) && { "$clang_format" -i --style=file "${cc_files[@]}" || status=1; }
  echo "format: fixed ${#build_files[@]} build files and ${#cc_files[@]} C/C++ files (where needed)"
  exit $status
fi

if ! "$buildifier" -mode=check -lint=warn -warnings="$LINT_OFF" "${build_files[@]}"; then
  echo "format: FAIL: buildifier reports the files above; fix with: ./bazelw run //tools/format:fix"
  status=1
fi
# One clang-format run for the whole tree; only when it finds something is
# each file checked again, to name the offenders.
bad=0
if ((${#cc_files[@]})) &&
  ! "$clang_format" --style=file --dry-run --Werror "${cc_files[@]}" >/dev/null 2>&1; then
  for f in "${cc_files[@]}"; do
    if ! "$clang_format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
      echo "format: $f is not clang-formatted"
      bad=$((bad + 1))
    fi
  done
fi
if ((bad)); then
  echo "format: FAIL: $bad C/C++ files need clang-format; fix with: ./bazelw run //tools/format:fix"
  status=1
fi
((status == 0)) && echo "format: PASS: ${#build_files[@]} build files, ${#cc_files[@]} C/C++ files checked"
exit $status
