#!/usr/bin/env bash
# cache_server.sh without a running server: every malformed command exits
# 64 and names the problem; the generated configuration holds the access
# rules and passes `nginx -t`. (cache_test runs the server itself.)
set -uo pipefail

RF="${TEST_SRCDIR:-${RUNFILES_DIR:-$0.runfiles}}"
S="$RF/hcall/tools/cache/cache_server.sh"
T="$(mktemp -d "${TEST_TMPDIR:-/tmp}/cache_server_test.XXXXXX")"
trap 'rm -rf "$T"' EXIT
failures=0
fail() {
  echo "cache_server_test: FAIL: $*"
  failures=$((failures + 1))
}

ok=(--listen 127.0.0.1:8080 --root /srv/cache --state /run/cache)
# arguments | what the message must say
while IFS='|' read -r args message; do
  read -r -a argv <<<"$args"
  out="$("$S" "${argv[@]}" 2>&1)"
  status=$?
  [[ $status == 64 ]] || fail "'$args' exited $status, expected 64"
  [[ "$out" == *"$message"* ]] || fail "'$args' did not say '$message': $out"
done <<'TABLE'
|a command is required
bogus|unknown command 'bogus'
config --root /srv/cache --state /run/cache|--listen ADDR:PORT is required
config --listen 8080 --root /srv/cache --state /run/cache|--listen must be ADDR:PORT
config --listen 127.0.0.1:8080 --state /run/cache|--root DIR
config --listen 127.0.0.1:8080 --root /srv/cache|--state DIR
config --listen 127.0.0.1:8080 --root srv --state /run/cache|--root must be an absolute path
config --listen 127.0.0.1:8080 --root /srv/a;b --state /run/cache|--root must not hold
config --listen 127.0.0.1:8080 --root /srv/cache --state /run/cache --upload-from everyone|--upload-from must be an address or CIDR
config --listen 127.0.0.1:8080 --root /srv/cache --state /run/cache --max-upload lots|--max-upload must be an nginx size
config --listen 127.0.0.1:8080 --root /srv/cache --state /run/cache --user Bad!|--user must be a user name
config --listen 127.0.0.1:8080 --root /srv/cache --state /run/cache --color|unknown flag --color
config --listen 127.0.0.1:8080 --root /srv/cache --state /run/cache stray|unexpected argument 'stray'
config --listen|--listen needs a value
evict --root /srv/cache|evict needs --root DIR --days N
evict --root /srv/cache --days soon|--days must be a whole number
stop|--state DIR is required
add-uploader ci|add-uploader needs --htpasswd FILE
add-uploader --htpasswd /tmp/x|add-uploader needs one NAME
add-uploader --htpasswd /tmp/x ci:root|NAME must be letters
TABLE

conf="$("$S" config "${ok[@]}" --upload-from 10.1.0.0/16 --htpasswd /etc/hcall.htpasswd)" ||
  fail "config failed"
for want in "listen 127.0.0.1:8080;" "root /srv/cache;" "client_body_temp_path /srv/cache/.incoming;" \
  'location ~ "^/(ac|cas)/[0-9a-f]{64}$"' 'if ($http_x_hcall_toolchain !~ "^[0-9a-f]{16}$")' \
  "return 412;" "dav_methods PUT;" "limit_except GET {" "satisfy any;" "allow 10.1.0.0/16;" \
  "deny all;" "auth_basic_user_file /etc/hcall.htpasswd;"; do
  [[ "$conf" == *"$want"* ]] || fail "the configuration lacks '$want'"
done
closed="$("$S" config "${ok[@]}")"
grep -q '^ *deny all;' <<<"$closed" && ! grep -qE '^ *(allow|auth_basic)' <<<"$closed" ||
  fail "with no uploader named, the configuration lets someone upload"

# nginx's own check of a configuration for this directory. It creates the
# temp directories for the worker user: ourselves (a sandbox maps no other).
if [[ -x /usr/sbin/nginx ]]; then
  mkdir -p "$T/cache" "$T/state"
  "$S" config --listen 127.0.0.1:8080 --root "$T/cache" --state "$T/state" \
    --upload-from 127.0.0.2 --user "$(id -un)" >"$T/state/nginx.conf"
  /usr/sbin/nginx -t -q -p "$T/state" -e "$T/state/error.log" -c "$T/state/nginx.conf" ||
    fail "nginx -t rejects the configuration: $(cat "$T/state/error.log")"
else
  fail "/usr/sbin/nginx is missing: ./bazelw installs nginx"
fi

((failures == 0)) || exit 1
echo "cache_server_test: PASS"
