#!/usr/bin/env bash
# Prepare one Debian machine for the multi-machine ticker: the `ticker` user, its folders,
# the virtualenv, /etc/ticker/{config.yaml,env} and the systemd units of its roles.
#
#   sudo deploy/setup.sh web [--listen 10.0.0.11]   a web node (ticker serve --no-scheduler)
#   sudo deploy/setup.sh worker                      a refresh worker (ticker worker)
#   sudo deploy/setup.sh web worker                  both on one machine
#   deploy/setup.sh --dry-run web worker             print the commands, change nothing
#
# Run it from a checkout of the repository. It is safe to run again (to upgrade the code):
# existing /etc/ticker files are kept, never overwritten. Units are enabled, not started,
# so the env file can be filled in first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
user=ticker
prefix=/opt/ticker
etc=/etc/ticker
state=/var/lib/ticker
dry_run=0
listen=""
roles=()

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    web|worker) roles+=("$1") ;;
    --listen) [ $# -ge 2 ] || usage; listen="$2"; shift ;;
    --dry-run) dry_run=1 ;;
    *) usage ;;
  esac
  shift
done
[ ${#roles[@]} -gt 0 ] || usage
if [ -n "$listen" ] && ! [[ "$listen" =~ ^[0-9A-Fa-f.:]+$ ]]; then
  echo "setup.sh: --listen expects an IP address" >&2
  exit 2
fi

# run COMMAND...: run it, or only show it with --dry-run.
run() {
  if [ "$dry_run" = 1 ]; then
    printf '+'; printf ' %q' "$@"; printf '\n'
  else
    "$@"
  fi
}

# install_once SOURCE TARGET MODE: copy unless TARGET exists (an operator's edits stay).
install_once() {
  if [ -e "$2" ] && [ "$dry_run" = 0 ]; then
    echo "kept $2 (already there)"
  else
    run install -o root -g "$user" -m "$3" "$1" "$2"
  fi
}

if [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "setup.sh: run as root (or with --dry-run)" >&2
  exit 1
fi

# Debian's python3 needs python3-venv to create a virtualenv.
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  run apt-get install -y -qq python3-venv
fi

if ! id "$user" >/dev/null 2>&1; then
  run useradd --system --user-group --home-dir "$state" --shell /usr/sbin/nologin "$user"
fi
run install -d -o root -g root -m 0755 "$prefix"
run install -d -o root -g "$user" -m 0750 "$etc"
run install -d -o "$user" -g "$user" -m 0750 "$state"

# The code: a virtualenv owned by root, so the service cannot change what it runs.
if [ ! -x "$prefix/.venv/bin/python" ] || [ "$dry_run" = 1 ]; then
  run python3 -m venv "$prefix/.venv"
fi
run "$prefix/.venv/bin/pip" install -q --upgrade pip
run "$prefix/.venv/bin/pip" install -q --upgrade "$repo"

install_once "$here/config.yaml" "$etc/config.yaml" 0640
# The env file holds keys and the Redis password: readable by root and the ticker group only.
install_once "$here/ticker.env" "$etc/env" 0640
if [ -n "$listen" ]; then
  run sed -i "s/^WEB_LISTEN_ADDRESS=.*/WEB_LISTEN_ADDRESS=$listen/" "$etc/env"
fi

for role in "${roles[@]}"; do
  run install -o root -g root -m 0644 "$here/systemd/ticker-$role.service" \
    "/etc/systemd/system/ticker-$role.service"
done
run systemctl daemon-reload
for role in "${roles[@]}"; do
  run systemctl enable "ticker-$role.service"
done

cat <<EOF

Next:
  1. Fill in $etc/env (TICKER_STORE with the Redis password; the keys on workers;
     WEB_LISTEN_ADDRESS on web nodes) and $etc/config.yaml (trusted_hosts, frame_ancestors).
  2. systemctl start $(printf 'ticker-%s ' "${roles[@]}")
  3. Check: journalctl -u ticker-${roles[0]} -n 20; a web node answers
     curl http://\$WEB_LISTEN_ADDRESS:8080/readyz
  On the nginx machine: deploy/render-nginx … > /etc/nginx/conf.d/ticker.conf (deploy/README.md).
EOF
