#!/bin/bash
# tests/pg/cluster.sh: a throwaway PostgreSQL cluster for the tests and the
# benchmarks.
#
#   eval "$(tests/pg/cluster.sh start)"   # initdb in a temp dir, start, print settings
#   tests/pg/cluster.sh stop  "$RAPPORT_PG_DIR"   # stop it and remove the directory
#   tests/pg/cluster.sh down  "$RAPPORT_PG_DIR"   # stop the server, keep the data (outage test)
#   tests/pg/cluster.sh up    "$RAPPORT_PG_DIR"   # start it again on the same port
#   RAPPORT_PG_DURABLE=1 tests/pg/cluster.sh start  # fsync and synchronous commits on (make bench)
#
# start prints shell assignments:
#   RAPPORT_PG_DIR        the temporary directory (data, log, unix socket)
#   RAPPORT_TEST_PG       URL of database "rapport", owned by role "rapport"
#   RAPPORT_TEST_PG_ADMIN psql connection string of the superuser, for
#                         creating a database per test file
# The cluster uses the C locale and UTF-8 (byte-order sorting like SQLite),
# trust authentication on 127.0.0.1 and the socket only, and fsync off: it
# is for tests (RAPPORT_PG_DURABLE=1 keeps PostgreSQL's durable defaults, so
# the benchmark's writes cost what they would in production).  The application role "rapport" is NOT a superuser, so
# row-level security applies to it as it will in production.  As root, the
# server runs as the "postgres" system user (initdb refuses root).
set -eu

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "cluster.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
	dir=$1
	port=$(cat "$dir/port")
	fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ -f "$dir/durable" ] && fast=
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 $fast -c max_connections=300" \
		start >/dev/null
}

spare_port() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		p=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
	echo "cluster.sh: no spare port found" >&2
	exit 1
}

case "${1:-}" in
start)
	dir=$(mktemp -d /tmp/rapport-pg-XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	# On any failure: show why, stop what was started, remove the directory.
	fail() {
		cat "$dir"/*.log >&2 2>/dev/null || true
		[ -f "$dir/data/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
		rm -rf "$dir"
		exit 1
	}
	as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --locale=C --encoding=UTF8 --auth=trust >"$dir/initdb.log" 2>&1 || fail
	port=$(spare_port) || fail
	echo "$port" >"$dir/port"
	[ "${RAPPORT_PG_DURABLE:-}" = 1 ] && touch "$dir/durable"
	pg_start "$dir" || fail
	admin="host=$dir port=$port user=postgres dbname=postgres"
	psql -q -X -v ON_ERROR_STOP=1 "$admin" -c "CREATE ROLE rapport LOGIN CREATEDB" \
		-c "CREATE DATABASE rapport OWNER rapport ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null || fail
	echo "RAPPORT_PG_DIR='$dir'"
	echo "RAPPORT_TEST_PG='postgresql://rapport@127.0.0.1:$port/rapport'"
	echo "RAPPORT_TEST_PG_ADMIN='$admin'"
	echo "export RAPPORT_PG_DIR RAPPORT_TEST_PG RAPPORT_TEST_PG_ADMIN"
	;;
stop)
	dir=${2:?usage: cluster.sh stop DIR}
	case "$dir" in /tmp/rapport-pg-*) ;; *) echo "cluster.sh: $dir is not a test cluster" >&2; exit 1 ;; esac
	[ -d "$dir/data" ] && as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
down)
	dir=${2:?usage: cluster.sh down DIR}
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
up)
	dir=${2:?usage: cluster.sh up DIR}
	pg_start "$dir"
	;;
*)
	echo "usage: cluster.sh start | stop DIR | down DIR | up DIR" >&2
	exit 2
	;;
esac
