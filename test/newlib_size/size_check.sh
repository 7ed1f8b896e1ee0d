#!/usr/bin/env bash
# test/newlib_size/size_check.sh FILE LIMIT PLATFORM MODE -- passes if FILE
# (a stripped image) is at most LIMIT bytes; says the size either way.
set -euo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: size_check.sh FILE LIMIT PLATFORM MODE" >&2
  exit 2
fi
file=$1 limit=$2 platform=$3 mode=$4
if [[ ! -f $file ]]; then
  echo "size_check: no such file: $file" >&2
  exit 2
fi
size=$(stat -L -c %s "$file")
if ((size > limit)); then
  echo "FAIL: the printf hello-world image for $platform ($mode, stripped) is $size bytes, above its limit of $limit"
  exit 1
fi
echo "newlib_size: $platform ($mode, stripped) $size bytes <= $limit: ok"
