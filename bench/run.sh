#!/usr/bin/env bash
# bench/run.sh: `make bench`.  Generates the benchmark data set into a
# temporary database, serves it with the release build of rapport and, in
# the same run, serves the exact bytes of the same responses from nginx as
# static files; loads both with wrk and writes build/bench/results.md.
# See bench/README.md for what is measured, the targets and the settings.
#
# Everything it starts (rapport, nginx, the memory sampler) it stops again
# by process id; everything it writes outside build/bench is in a
# temporary directory that is removed at the end (BENCH_KEEP=1 keeps it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${RAPPORT_BIN:-$ROOT/build/rapport}
OUT=$ROOT/build/bench
RESULTS=$OUT/results.md
PARTNERS=${BENCH_PARTNERS:-50000}
CONTACTS=${BENCH_CONTACTS:-150000}
INTERACTIONS=${BENCH_INTERACTIONS:-500000}
OFFICES=${BENCH_OFFICES:-1}
SEED=${BENCH_SEED:-1}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
SERVER_THREADS=${BENCH_SERVER_THREADS:-4}
LIST_PATH='/api/v1/partners?kind=institutional&status=active&sort=name&limit=50'

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; run make deps" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench: $BIN is missing; run make" >&2; exit 1; }

TMP=$(mktemp -d /tmp/rapport-bench.XXXXXX)
SERVER_PID= NGINX_PID= SAMPLER_PID=
cleanup() {
  for pid in $SAMPLER_PID $SERVER_PID $NGINX_PID; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-}" = 1 ]; then echo "bench: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
mkdir -p "$OUT"

log() { printf '%s\n' "$*" >&2; }
md() { printf '%s\n' "$*" >>"$RESULTS.tmp"; }

# A loopback port nothing listens on.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

wait_http() {   # URL: waits until it answers (any status), at most 20 s
  for _ in $(seq 200); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  log "bench: $1 did not come up"; return 1
}

# bench_wrk BASE_URL PATH [ID_MIN ID_MAX]: loads it for DURATION after a
# WARMUP; sets RPS, P50, P90, P99 (microseconds), REQS, ERRS, NON2XX.
bench_wrk() {
  local base=$1 path=$2 lo=${3:-1} hi=${4:-1} line
  BENCH_PATH=$path BENCH_ID_MIN=$lo BENCH_ID_MAX=$hi BENCH_TOKEN=$TOKEN \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/request.lua" "$base" >/dev/null
  line=$(BENCH_PATH=$path BENCH_ID_MIN=$lo BENCH_ID_MAX=$hi BENCH_TOKEN=$TOKEN \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/request.lua" "$base" \
    | grep '^BENCH ')
  eval "$(echo "$line" | sed 's/^BENCH //; s/rps=/RPS=/; s/p50_us=/P50=/; s/p90_us=/P90=/; s/p99_us=/P99=/;
                               s/requests=/REQS=/; s/errors=/ERRS=/; s/non2xx=/NON2XX=/')"
  log "  $(printf '%-8s %-70s %9.0f req/s  p50 %5.2f ms  p99 %6.2f ms  (errors %s, non-2xx %s)' \
    "$([ "$base" = "$URL" ] && echo rapport || echo static)" "$path" "$RPS" \
    "$(ms "$P50")" "$(ms "$P99")" "$ERRS" "$NON2XX")"
}

calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }   # calc EXPR [DECIMALS]
ms() { calc "$1 / 1000" 2; }
pct() { calc "100 * $1 / $2" 0; }
verdict() { awk "BEGIN { exit !($1) }" && echo met || echo MISSED; }

# ---- the machine ----
CPU_MODEL=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
NPROC=$(nproc)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the data set ----
DB=${BENCH_DB:-$TMP/bench.db}
log "bench: generating $PARTNERS partners, $CONTACTS contacts, $INTERACTIONS interactions ($OFFICES office(s)) into $DB"
"$BIN" init --db "$DB" >/dev/null 2>&1
GEN_START=$(date +%s.%N)
"$BIN" bench-gen --db "$DB" --partners "$PARTNERS" --contacts "$CONTACTS" --interactions "$INTERACTIONS" \
  --offices "$OFFICES" --seed "$SEED" 2>"$TMP/gen.log" | tee "$TMP/gen.out" >&2
GEN_SECS=$(calc "$(date +%s.%N) - $GEN_START")
DB_MB=$( [ -f "$DB" ] && calc "$(stat -c %s "$DB") / 1048576" 0 || echo "?")
TOKEN=$("$BIN" token create --db "$DB" --office bench-1 --user bench-viewer-1@bench.example --name bench 2>/dev/null)
ID_MIN=1
ID_MAX=$((PARTNERS / OFFICES))   # bench-1's partners are the first ids of a fresh database

# ---- rapport ----
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" 2>"$TMP/serve.log" &
SERVER_PID=$!
wait_http "$URL/api/v1/health"
for id in $ID_MIN $ID_MAX; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL/api/v1/partners/$id")
  [ "$code" = 200 ] || { log "bench: partner $id answered $code; is the database fresh?"; exit 1; }
done

# ---- nginx serving the same bytes ----
STATIC=$TMP/static
mkdir -p "$STATIC/root" "$STATIC/logs" "$STATIC/tmp"
chmod 711 "$TMP"; chmod 755 "$STATIC" "$STATIC/root"   # nginx's workers run as another user when we are root
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/partners/$(( (ID_MIN + ID_MAX) / 2 ))" >"$STATIC/root/partner.json"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL$LIST_PATH" >"$STATIC/root/list.json"
SPORT=$(free_port)
SURL=http://127.0.0.1:$SPORT
cat >"$STATIC/nginx.conf" <<EOF
worker_processes $NPROC;
pid $STATIC/nginx.pid;
error_log $STATIC/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $STATIC/tmp/body;
  proxy_temp_path $STATIC/tmp/proxy;
  fastcgi_temp_path $STATIC/tmp/fastcgi;
  uwsgi_temp_path $STATIC/tmp/uwsgi;
  scgi_temp_path $STATIC/tmp/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$SPORT;
    root $STATIC/root;
    location ~ ^/api/v1/partners/[0-9]+\$ { try_files /partner.json =404; }
    location = /api/v1/partners { try_files /list.json =404; }
  }
}
EOF
nginx -p "$STATIC" -c "$STATIC/nginx.conf" -g 'daemon off;' 2>>"$STATIC/logs/error.log" &
NGINX_PID=$!
wait_http "$SURL/api/v1/partners"
cmp -s <(curl -s "$SURL/api/v1/partners/7") "$STATIC/root/partner.json" || { log "bench: nginx does not serve the saved bytes"; exit 1; }

# ---- memory: sample rapport's resident set while loaded ----
(
  max=0
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$max" ] && max=$rss && echo "$max" >"$TMP/rss.max"
    sleep 0.2
  done
) &
SAMPLER_PID=$!

# ---- the partner reads, each beside its static twin ----
log "bench: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up); rapport --threads $SERVER_THREADS"
bench_wrk "$URL" '/api/v1/partners/%d' "$ID_MIN" "$ID_MAX";  R1=($RPS $P50 $P99 $NON2XX $ERRS)
bench_wrk "$SURL" '/api/v1/partners/%d' "$ID_MIN" "$ID_MAX"; S1=($RPS $P50 $P99 $NON2XX $ERRS)
bench_wrk "$URL" "$LIST_PATH";                               R2=($RPS $P50 $P99 $NON2XX $ERRS)
bench_wrk "$SURL" "$LIST_PATH";                              S2=($RPS $P50 $P99 $NON2XX $ERRS)

HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
RSS_KB=$(cat "$TMP/rss.max" 2>/dev/null || echo 0)
HWM_MB=$(calc "$HWM_KB / 1024")
RSS_MB=$(calc "$RSS_KB / 1024")

# ---- the report ----
rm -f "$RESULTS.tmp"
md "# rapport benchmark"
md ""
md "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $NPROC CPUs ($CPU_MODEL), $(uname -sr); load average before: $LOAD_BEFORE."
md "Data: $PARTNERS partners, $CONTACTS contacts, $INTERACTIONS interactions in $OFFICES office(s),"
md "SQLite ${DB_MB} MB, generated by \`rapport bench-gen\` (seed $SEED) in $GEN_SECS s."
md "Load: \`wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency\` after a $WARMUP warm-up, on the same machine;"
md "rapport \`serve --threads $SERVER_THREADS\` (release build, bearer token of a viewer); nginx $(nginx -v 2>&1 | sed 's/.*\///')"
md "with $NPROC workers serving the same response bytes from files.  Single reads pick a random partner id"
md "each request (rapport) and answer the same saved partner (nginx)."
md ""
md "| request | rapport req/s | rapport p50 / p99 ms | static req/s | static p99 ms | rapport / static | target |"
md "|---|---:|---:|---:|---:|---:|---|"
md "| \`GET /api/v1/partners/{id}\` | ${R1[0]} | $(ms "${R1[1]}") / $(ms "${R1[2]}") | ${S1[0]} | $(ms "${S1[2]}") | $(pct "${R1[0]}" "${S1[0]}")% | >= 40%: $(verdict "${R1[0]} >= 0.40 * ${S1[0]}") |"
md "| \`GET $LIST_PATH\` | ${R2[0]} | $(ms "${R2[1]}") / $(ms "${R2[2]}") | ${S2[0]} | $(ms "${S2[2]}") | $(pct "${R2[0]}" "${S2[0]}")% | >= 25%: $(verdict "${R2[0]} >= 0.25 * ${S2[0]}") |"
md ""
md "- p99 under 10 ms: single read $(verdict "${R1[2]} < 10000"), list $(verdict "${R2[2]} < 10000")."
md "- rapport's memory under load: peak RSS (VmHWM) $HWM_MB MB, highest sampled VmRSS $RSS_MB MB; target under 40 MB: $(verdict "$HWM_KB < 40960")."
md "- Responses: partner $(stat -c %s "$STATIC/root/partner.json") bytes, list $(stat -c %s "$STATIC/root/list.json") bytes;"
md "  non-2xx answers: rapport ${R1[3]} + ${R2[3]}, static ${S1[3]} + ${S2[3]}; socket errors: ${R1[4]} + ${R2[4]}, ${S1[4]} + ${S2[4]}."
md "- Generation: $(grep -E 'rows' "$TMP/gen.log" | sed 's/^ *//' | tr -s ' ' | paste -sd ';' - | sed 's/;/; /g')."

# ---- more sections ----
# Each bench/sections/*.sh is sourced here, in name order, with BIN, DB, URL
# (rapport), SURL and STATIC (nginx and its root), TOKEN (a viewer's bearer
# token for office bench-1), TMP and the helpers bench_wrk, md, ms, pct,
# verdict.  Planned:
#   -- feedback: POST /api/v1/feedback (durable commits, >= 1,000/s) and the
#      feedback summary over 500,000 rows (< 20 ms for 12 months) (issue 5) --
#   -- continuity and coverage reports on the 50,000-partner set (< 100 ms) (issue 6) --
#   -- PostgreSQL: start tests/pg/cluster.sh, run the same reads with
#      BENCH_DB=postgres://... and 100 offices of 500 partners (issue 9) --
for section in "$ROOT"/bench/sections/*.sh; do
  [ -e "$section" ] || continue
  log "bench: section $(basename "$section")"
  # shellcheck source=/dev/null
  . "$section"
done

mv "$RESULTS.tmp" "$RESULTS"
echo
cat "$RESULTS"
echo
echo "(written to ${RESULTS#"$ROOT"/})"
