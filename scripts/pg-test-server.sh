#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, on a Unix socket in its own folder.
#   scripts/pg-test-server.sh start DIR [PORT]   initdb into DIR (if new), start, print the database URL
#   scripts/pg-test-server.sh stop DIR           stop the server (DIR is kept; rm -rf it to drop everything)
#   scripts/pg-test-server.sh url DIR [PORT]     print the URL of database "rasid" on that server
# Root cannot run postgres: the server tools then run as the "postgres" OS user.
set -euo pipefail

usage() { echo "usage: $0 start|stop|url DIR [PORT]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1 dir=$(realpath -m "$2") port=${3:-54329}

bindir=$(dirname "$(realpath "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)")" 2>/dev/null) || true
if [[ -z "${bindir}" || ! -x "${bindir}/pg_ctl" ]]; then
  echo "PostgreSQL server binaries not found: apt-get install postgresql (or scripts/setup-system.sh)" >&2
  exit 1
fi

as_server() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
url() { echo "postgresql://postgres@/rasid?host=${dir}&port=${port}"; }

case "$action" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_server "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p ${port} -k ${dir} -c listen_addresses=''" start >/dev/null
    as_server "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname = 'rasid'" | grep -q 1 \
      || as_server "$bindir/createdb" -h "$dir" -p "$port" -U postgres rasid
    url ;;
  stop) as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  url) url ;;
  *) usage ;;
esac
