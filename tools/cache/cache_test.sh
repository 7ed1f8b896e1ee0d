#!/usr/bin/env bash
# The shared build cache, end to end, as a team uses it:
#   1. nginx on 127.0.0.1 (an ephemeral port), set up by cache_server.sh in
#      a temporary directory; its access rules checked with curl;
#   2. "CI": a copy of this tree builds a small subset (images for
#      linux_x86_64 and linux_aarch64, one qemu-user test) with its own
#      output base, uploading (--config=cache_upload);
#   3. "a developer": a second copy at another path, a second empty output
#      base, read-only (--config=cache): every spawn must be a remote cache
#      hit, and nothing is uploaded;
#   4. another toolchain id (salt): no hit at all;
#   5. eviction: the image's blobs, "unused for 30 days", are deleted, a
#      blob read since is kept, and Bazel re-runs the link whose output is
#      gone (its action result is still cached) and nothing else.
# Every spawn must carry ./bazelw's toolchain id (exec_log.py). Nested Bazel
# servers and nginx are stopped by pid (trap), and the directory deleted.
# Runs unsandboxed and uncached (tags in BUILD.bazel): it reads the source
# tree and the installed packages, which are no declared input.
set -euo pipefail

die() {
  echo "cache_test: FAIL: $*"
  exit 1
}
step() { echo "cache_test: $*"; }

RF="${TEST_SRCDIR:-${RUNFILES_DIR:-$0.runfiles}}"
SRC="$(dirname "$(readlink -f "$RF/hcall/WORKSPACE")")"
[[ -x /usr/sbin/nginx ]] || die "/usr/sbin/nginx is missing: ./bazelw installs nginx"
command -v bazel >/dev/null || die "bazel is not on PATH"
command -v curl >/dev/null || die "curl is missing"

# What is built: a few images for two platforms and one qemu-user test.
readonly SUBSET=(
  //hypercall/testdata:hello
  //hypercall/testdata:boot_image
  //samples:hello
  //samples:hello_linux_aarch64
  //capability:manifest_fuzz_regression_linux_aarch64
)
# The smaller build of the salt and eviction steps.
readonly SMALL=(//hypercall/testdata:hello)

D="$(mktemp -d /tmp/hcall-cache-test.XXXXXX)"
# nginx's worker (www-data when we are root) must reach the cache in it.
chmod 755 "$D"
mkdir "$D/home" "$D/logs"
output_bases=()
server_up=0

cleanup() {
  local status=$?
  set +e
  local ob
  for ob in "${output_bases[@]}"; do
    [[ -d "$ob" ]] && nested_bazel_in "$D/a" "$ob" shutdown >/dev/null 2>&1
  done
  if ((server_up)); then
    "$D/a/tools/cache/cache_server.sh" stop --state "$D/state" >/dev/null ||
      echo "cache_test: could not stop nginx (pid $(cat "$D/state/nginx.pid" 2>/dev/null))"
  fi
  if [[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ]]; then
    cp -r "$D/logs" "$TEST_UNDECLARED_OUTPUTS_DIR/" 2>/dev/null
    cp "$D/state/"*.log "$TEST_UNDECLARED_OUTPUTS_DIR/logs/" 2>/dev/null
  fi
  chmod -R u+w "$D" 2>/dev/null
  rm -rf "$D"
  exit $status
}
trap cleanup EXIT
trap 'echo "cache_test: FAIL: line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 143' TERM
trap 'exit 130' INT

# Two copies of the tree at different paths: what git tracks (and new files
# not ignored), without the workspace's user.bazelrc or .tools.
copy_tree() {
  mkdir -p "$1"
  (
    cd "$SRC"
    if git rev-parse --git-dir >/dev/null 2>&1; then
      git ls-files -z -co --exclude-standard
    else
      find . \( -name 'bazel-*' -o -name .git \) -prune -o \( -type f -o -type l \) -print0
    fi
  ) | grep -zv -e '^\(\./\)\?\.tools' -e '^\(\./\)\?user\.bazelrc$' |
    (cd "$SRC" && tar --null -T - -cf -) | tar -C "$1" -xf -
}
copy_tree "$D/a"
copy_tree "$D/b"

# Bazel from a copy, through its ./bazelw, in a clean environment: no
# rc file of the user's, no disk cache, no convenience symlinks, one
# output base each under $D. Bazel servers leave our process group: the
# trap shuts them down, and should we be killed, they exit after 60 s idle.
# nginx stays in our group (--no-daemon), so a kill of the group ends it.
nested_bazel_in() {
  local tree="$1" ob="$2"
  shift 2
  (cd "$tree" && env -i PATH=/usr/bin:/bin HOME="$D/home" USER="$(id -un)" LANG=C.UTF-8 \
    HCALL_BAZELW_SKIP_INSTALL=1 ./bazelw --nohome_rc --output_user_root="$D/root" \
    --output_base="$ob" --max_idle_secs=60 "$@")
}
build_args=(--disk_cache= --symlink_prefix=/ --output_groups=image)
nested() {
  local name="$1" tree="$2" ob="$3"
  shift 3
  [[ " ${output_bases[*]} " == *" $ob "* ]] || output_bases+=("$ob")
  local t0=$SECONDS
  if ! nested_bazel_in "$tree" "$ob" "$@" >"$D/logs/$name.txt" 2>&1; then
    tail -n 30 "$D/logs/$name.txt"
    die "$name: bazel $* failed (above)"
  fi
  step "$name: $(grep -E '^INFO: [0-9]+ processes' "$D/logs/$name.txt" | tail -1) ($((SECONDS - t0)) s)"
}

# 1. The server.
cache="$D/cache"
if ((EUID == 0)); then
  worker=www-data
  # A root-owned cache directory would give a 500 on the first PUT:
  # cache_server.sh refuses to start instead.
  mkdir "$cache"
  if out="$("$D/a/tools/cache/cache_server.sh" start --listen 127.0.0.1:1 \
    --root "$cache" --state "$D/state" 2>&1)"; then
    server_up=1
    die "cache_server.sh started nginx on a root-owned cache directory"
  fi
  [[ "$out" == *"cannot write $cache"*"chown -R $worker"* ]] ||
    die "no clear message for a root-owned cache directory: $out"
  chown "$worker:" "$cache"
else
  worker="$(id -un)"
  mkdir "$cache"
fi
upload_rc="$("$D/a/tools/cache/cache_server.sh" add-uploader --htpasswd "$D/htpasswd" ci | tail -n 1)"
[[ "$upload_rc" =~ ^build:cache_upload\ \"--remote_header=Authorization=(Basic\ [A-Za-z0-9+/=]+)\"$ ]] ||
  die "add-uploader printed '$upload_rc'"
auth="${BASH_REMATCH[1]}"
port=""
for _ in 1 2 3 4 5; do
  candidate="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  if "$D/a/tools/cache/cache_server.sh" start --listen "127.0.0.1:$candidate" --root "$cache" \
    --state "$D/state" --htpasswd "$D/htpasswd" --upload-from 127.0.0.2 --no-daemon \
    >"$D/logs/start.txt" 2>&1; then
    port="$candidate"
    server_up=1
    break
  fi
  grep -q "Address already in use" "$D/logs/start.txt" || {
    cat "$D/logs/start.txt"
    die "nginx did not start"
  }
done
[[ -n "$port" ]] || die "no free port for nginx after 5 tries"
url="http://127.0.0.1:$port"
step "nginx $(cat "$D/logs/start.txt") on $url, worker $worker, cache $cache"
ss -ltn | grep -q "127.0.0.1:$port " || die "nginx does not listen on 127.0.0.1:$port"

# Access rules, by their effect.
blob="$D/home/blob"
printf 'hcall cache test\n' >"$blob"
key="$(sha256sum "$blob" | cut -d' ' -f1)"
salt_header="X-Hcall-Toolchain: 0123456789abcdef"
http() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect_http() {
  local want="$1" what="$2"
  shift 2
  local got
  got="$(http "$@")"
  [[ "$got" == "$want" ]] || die "$what: HTTP $got, expected $want"
}
expect_http 412 "GET without the toolchain id" "$url/cas/$key"
expect_http 412 "PUT without the toolchain id" -H "Authorization: $auth" -T "$blob" "$url/cas/$key"
expect_http 404 "GET of a missing blob" -H "$salt_header" "$url/cas/$key"
expect_http 401 "PUT without credentials" -H "$salt_header" -T "$blob" "$url/cas/$key"
expect_http 401 "PUT with a wrong password" -H "$salt_header" -u ci:wrong -T "$blob" "$url/cas/$key"
expect_http 201 "PUT from an uploader's address" --interface 127.0.0.2 -H "$salt_header" -T "$blob" "$url/cas/$key"
expect_http 204 "PUT with CI's credentials" -H "$salt_header" -H "Authorization: $auth" -T "$blob" "$url/cas/$key"
expect_http 404 "PUT outside ac/ and cas/" -H "$salt_header" -H "Authorization: $auth" -T "$blob" "$url/other/$key"
[[ "$(stat -c %U "$cache/cas/$key")" == "$worker" ]] || die "the upload is not owned by $worker"
rm "$cache/cas/$key"
step "access rules hold: reads need the toolchain id, uploads an address or CI's password"

puts() { grep -c '"PUT /\(ac\|cas\)/' "$D/state/access.log" || true; }

# Each copy names the server in its user.bazelrc, as README says; CI's
# also holds the line add-uploader printed.
printf 'build:cache_server --remote_cache=%s\n%s\n' "$url" "$upload_rc" >"$D/a/user.bazelrc"
printf 'build:cache_server --remote_cache=%s\n' "$url" >"$D/b/user.bazelrc"

# 2. CI builds and uploads.
puts_before="$(puts)"
nested ci "$D/a" "$D/ob1" test --config=cache_upload "${build_args[@]}" \
  --execution_log_json_file="$D/logs/ci.json" "${SUBSET[@]}"
nested_bazel_in "$D/a" "$D/ob1" shutdown >/dev/null 2>&1 || true
# The id ./bazelw computed (.tools/toolchain-id: the packages, the id).
mapfile -t id_file <"$D/a/.tools/toolchain-id"
salt="${id_file[1]:-}"
[[ "$salt" =~ ^[0-9a-f]{16}$ ]] || die "./bazelw wrote no toolchain id"
read -r -a words <<<"${id_file[0]}"
roots=("${words[@]:0:${#words[@]}-2}") # the packages, without cksum's two words
[[ "$(python3 "$D/a/tools/cache/toolchain_id.py" "${roots[@]}")" == "$salt" ]] ||
  die "./bazelw's toolchain id $salt is not that of its packages"
python3 "$D/a/tools/cache/exec_log.py" "$D/logs/ci.json" --salt "$salt" || die "CI's spawns"
uploaded="$(($(puts) - puts_before))"
((uploaded > 0)) || die "CI uploaded nothing"
step "CI uploaded $uploaded blobs; toolchain id $salt"

# 3. A developer's empty output base, elsewhere, read-only: all hits.
nested developer "$D/b" "$D/ob2" test --config=cache \
  "${build_args[@]}" --execution_log_json_file="$D/logs/developer.json" "${SUBSET[@]}"
python3 "$D/a/tools/cache/exec_log.py" "$D/logs/developer.json" --salt "$salt" --hits all ||
  die "the second build was not served from the cache"
(($(puts) - puts_before == uploaded)) || die "a read-only build uploaded"

# 4. Another toolchain id: other keys, no hit.
other=0000000000000000
nested_bazel_in "$D/b" "$D/ob2" clean >/dev/null 2>&1
nested other_salt "$D/b" "$D/ob2" build --config=cache \
  --remote_default_exec_properties=hcall_toolchain=$other \
  "${build_args[@]}" --execution_log_json_file="$D/logs/other_salt.json" "${SMALL[@]}"
python3 "$D/a/tools/cache/exec_log.py" "$D/logs/other_salt.json" --salt $other --hits none ||
  die "another toolchain id got hits"
(($(puts) - puts_before == uploaded)) || die "a read-only build uploaded"

# 5. Eviction. The image's blobs and one other are "unused for 30 days";
# that other one is read (nginx refreshes its access time) and so kept.
mapfile -t image_blobs < <(python3 "$D/a/tools/cache/exec_log.py" "$D/logs/ci.json" \
  --outputs-of '/hypercall/testdata/hello_elf$')
((${#image_blobs[@]} > 0)) || die "no blob of hello_elf in CI's execution log"
read_blob=""
for f in "$cache"/cas/*; do
  [[ " ${image_blobs[*]} " == *" $(basename "$f") "* ]] || {
    read_blob="$(basename "$f")"
    break
  }
done
for b in "${image_blobs[@]}" "$read_blob"; do
  [[ -f "$cache/cas/$b" ]] || die "blob $b was not uploaded"
  touch -a -d '30 days ago' "$cache/cas/$b"
done
expect_http 200 "GET of a cached blob" -H "$salt_header" "$url/cas/$read_blob"
blobs_before="$(find "$cache" -type f | wc -l)"
"$D/a/tools/cache/cache_server.sh" evict --root "$cache" --days 14 | tee "$D/logs/evict.txt"
[[ -f "$cache/cas/$read_blob" ]] ||
  die "eviction deleted a blob read since (its access time was not refreshed: noatime?)"
for b in "${image_blobs[@]}"; do
  [[ ! -e "$cache/cas/$b" ]] || die "eviction kept blob $b, unused for 30 days"
done
(($(find "$cache" -type f | wc -l) == blobs_before - ${#image_blobs[@]})) ||
  die "eviction deleted more than the old blobs"
# The link's action result is still cached, its output is not: the link
# runs again, every other spawn is a hit.
nested_bazel_in "$D/b" "$D/ob2" clean >/dev/null 2>&1
nested after_eviction "$D/b" "$D/ob2" build --config=cache \
  "${build_args[@]}" --execution_log_json_file="$D/logs/after_eviction.json" "${SMALL[@]}"
python3 "$D/a/tools/cache/exec_log.py" "$D/logs/after_eviction.json" --salt "$salt" --cas "$cache/cas" ||
  die "Bazel did not re-run exactly the actions whose blobs were evicted"

echo "cache_test: PASS"
