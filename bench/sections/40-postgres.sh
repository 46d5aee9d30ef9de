# bench/sections/40-postgres.sh: sourced by bench/run.sh (make bench), issue 9.
#
# The same requests on both stores, with the same data: `rapport bench-gen`
# writes 100 offices of 500 partners each into a fresh SQLite file and, with
# the same seed and day, into a fresh database of a throwaway PostgreSQL
# cluster (tests/pg/cluster.sh with RAPPORT_PG_DURABLE=1: initdb in a
# temporary directory, a spare port, fsync and synchronous commits on as in
# production; stopped and removed when the bench ends, also on failure).
# No contacts or interactions by default: none of the requests reads them,
# and writing them row by row into PostgreSQL takes long (the proportions of
# the main data set, 1,500 and 5,000 per office, took 19 minutes on the
# shared 2-core machine).  Both get the same rows
# with the same ids, which this section checks on the served bytes.
#
# Then rapport serves each store in turn (the same --threads, the default
# pool) and wrk loads, picking an office at random for each request and
# sending that office's own token:
#   GET  /api/v1/partners/{id}          a random partner of the office (viewer)
#   GET  /api/v1/partners?...           the first page of the list (viewer)
#   POST /api/v1/feedback               a new feedback record (staff)
#   GET  /api/v1/reports/feedback-summary  the last 12 months (viewer)
# The summary runs after the posts, over the generated feedback (if the
# generator writes any) plus what the posts wrote; the table gives the rows.
# Beside each figure: the ratio to SQLite and to the static server (nginx,
# measured again in this section), the CPU rapport and PostgreSQL used per
# request, and how busy the machine was.
#
# Settings: BENCH_PG_OFFICES (100), BENCH_PG_PARTNERS, BENCH_PG_CONTACTS,
# BENCH_PG_INTERACTIONS, BENCH_PG_FEEDBACK (500, 0, 0, 500: per office),
# BENCH_PG_GEN_ARGS (more bench-gen flags), BENCH_PG_POOL (rapport's --pool; default threads + 2),
# BENCH_PG=0 skips the section.

if [ "${BENCH_PG:-1}" = 0 ]; then
  log "bench: PostgreSQL section skipped (BENCH_PG=0)"
else

PG_OFFICES=${BENCH_PG_OFFICES:-100}
PG_PARTNERS=${BENCH_PG_PARTNERS:-500}
PG_CONTACTS=${BENCH_PG_CONTACTS:-0}
PG_INTERACTIONS=${BENCH_PG_INTERACTIONS:-0}
PG_TODAY=$(date -u +%F)
PG_FROM=$(date -u -d "$PG_TODAY -11 months" +%Y-%m-01)
PG_DIR= PG_SERVER_PID= PG_GEN_PID=

# Stops what this section started; then run.sh's own cleanup.
pg_section_stop() {
  for pid in $PG_SERVER_PID $PG_GEN_PID; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  PG_SERVER_PID= PG_GEN_PID=
  if [ -n "$PG_DIR" ]; then "$ROOT/tests/pg/cluster.sh" stop "$PG_DIR" || true; fi
  PG_DIR=
}
trap 'pg_section_stop; cleanup' EXIT
trap 'exit 130' INT TERM

PG_ENV=$(RAPPORT_PG_DURABLE=1 "$ROOT/tests/pg/cluster.sh" start) || { log "bench: cannot start a PostgreSQL cluster"; exit 1; }
eval "$PG_ENV"
PG_DIR=$RAPPORT_PG_DIR
PG_DB=$RAPPORT_TEST_PG
PG_VERSION=$(psql -X -At "$RAPPORT_TEST_PG_ADMIN" -c 'SHOW server_version' | cut -d' ' -f1)
SQ_DB=$TMP/pg-twin.db

# ---- the same data on both stores ----
pg_gen() {   # pg_gen DB NAME: writes the data set, output to $TMP/gen-NAME.{out,log}
  local role
  "$BIN" init --db "$1" >/dev/null 2>&1
  "$BIN" bench-gen --db "$1" --offices "$PG_OFFICES" --per-office --partners "$PG_PARTNERS" \
    --contacts "$PG_CONTACTS" --interactions "$PG_INTERACTIONS" --feedback "${BENCH_PG_FEEDBACK:-500}" --seed "$SEED" --today "$PG_TODAY" \
    --tokens "$TMP/tokens-$2.txt" ${BENCH_PG_GEN_ARGS:-} >"$TMP/gen-$2.out" 2>"$TMP/gen-$2.log" || return 1
  # One viewer and one staff token per office, with the office's partner ids.
  for role in viewer staff; do
    awk -v r="$role" '$2 == r {print $3, $4, $5}' "$TMP/tokens-$2.txt" >"$TMP/offices-$2-$role.txt"
  done
}
log "bench: generating $PG_OFFICES offices x $PG_PARTNERS partners into SQLite and PostgreSQL $PG_VERSION (side by side)"
PG_GEN_START=$(date +%s.%N)
pg_gen "$SQ_DB" sqlite &
PG_GEN_PID=$!
pg_gen "$PG_DB" postgres || { cat "$TMP/gen-postgres.log" >&2; exit 1; }
PG_GEN_PG_S=$(calc "$(date +%s.%N) - $PG_GEN_START" 0)
wait "$PG_GEN_PID" || { cat "$TMP/gen-sqlite.log" >&2; exit 1; }
PG_GEN_PID=
log "  $(cat "$TMP/gen-sqlite.out")"
log "  $(cat "$TMP/gen-postgres.out")"

PG_LIST_PATH='/api/v1/partners?kind=institutional&status=active&sort=name&limit=50'
PG_SUMMARY_PATH="/api/v1/reports/feedback-summary?from=$PG_FROM&to=$PG_TODAY"
PG_FEEDBACK_BODY='{"channel":"phone","source":"voter","language":"en","body":"Asked where the drop boxes are and until when ballots can be returned; told them the list is on the website."}'

# ---- CPU accounting: ticks of rapport, of the cluster, of the machine ----
pg_ticks_of() {   # PID...: utime+stime of these processes
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$(( t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}') ))
  done
  echo "$t"
}
pg_cluster_pids() {   # the postmaster and its children (the backends live for the run)
  local pm
  pm=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$pm" $(ps -o pid= --ppid "$pm")
}
pg_snapshot() {   # sets SNAP=(rapport postgres machine_busy machine_total)
  local busy total
  read -r busy total < <(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  SNAP=("$(pg_ticks_of "$PG_SERVER_PID")" "$(pg_ticks_of $(pg_cluster_pids))" "$busy" "$total")
}

# pg_wrk NAME PATH OFFICES [METHOD BODY]: a warm-up, then the measured run;
# sets RPS P50 P99 REQS ERRS NON2XX and CPU_APP CPU_PG (ms per request),
# BUSY (% of all CPUs busy) and LOAD (1-minute load average after).
pg_wrk() {
  local name=$1 path=$2 offices=$3 method=${4:-GET} body=${5:-} hz line a b
  hz=$(getconf CLK_TCK)
  BENCH_PATH=$path BENCH_OFFICES=$offices BENCH_METHOD=$method BENCH_BODY=$body \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/request.lua" "$PG_URL" >/dev/null
  pg_snapshot; a=("${SNAP[@]}")
  line=$(BENCH_PATH=$path BENCH_OFFICES=$offices BENCH_METHOD=$method BENCH_BODY=$body \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/request.lua" "$PG_URL" \
    | grep '^BENCH ')
  pg_snapshot; b=("${SNAP[@]}")
  eval "$(echo "$line" | sed 's/^BENCH //; s/rps=/RPS=/; s/p50_us=/P50=/; s/p90_us=/P90=/; s/p99_us=/P99=/;
                               s/requests=/REQS=/; s/errors=/ERRS=/; s/non2xx=/NON2XX=/')"
  local n=$(( REQS > 0 ? REQS : 1 ))
  CPU_APP=$(calc "1000 * (${b[0]} - ${a[0]}) / $hz / $n" 3)
  CPU_PG=$(calc "1000 * (${b[1]} - ${a[1]}) / $hz / $n" 3)
  BUSY=$(calc "100 * (${b[2]} - ${a[2]}) / ((${b[3]} - ${a[3]}) > 0 ? (${b[3]} - ${a[3]}) : 1)" 0)
  LOAD=$(cut -d' ' -f1 /proc/loadavg)
  log "  $(printf '%-8s %-62s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  cpu/req rapport %.3f ms, postgres %.3f ms  busy %s%%  (errors %s, non-2xx %s)' \
    "$name" "$method ${path%%\?*}" "$RPS" "$(ms "$P50")" "$(ms "$P99")" "$CPU_APP" "$CPU_PG" "$BUSY" "$ERRS" "$NON2XX")"
}

# pg_serve DB NAME: starts rapport on the store; sets PG_URL, PG_SERVER_PID.
pg_serve() {
  local port
  port=$(free_port)
  PG_URL=http://127.0.0.1:$port
  "$BIN" serve --db "$1" --listen "127.0.0.1:$port" --threads "$SERVER_THREADS" \
    ${BENCH_PG_POOL:+--pool "$BENCH_PG_POOL"} 2>"$TMP/serve-$2.log" &
  PG_SERVER_PID=$!
  wait_http "$PG_URL/api/v1/health"
}
pg_stop_server() {
  kill "$PG_SERVER_PID" 2>/dev/null && wait "$PG_SERVER_PID" 2>/dev/null || true
  PG_SERVER_PID=
}

# The same bytes from both stores (the first partner of the first office, the
# last of a middle and of the last office), and another office's partner is 404.
pg_probe() {   # pg_probe NAME: saves the probes' bodies to $TMP/probe-NAME.txt
  local f=$TMP/offices-$1-viewer.txt mid=$(( (PG_OFFICES + 1) / 2 )) k col token id code
  : >"$TMP/probe-$1.txt"
  for p in "1 2" "$mid 3" "$PG_OFFICES 3"; do
    read -r k col <<<"$p"
    token=$(sed -n "${k}p" "$f" | cut -d' ' -f1); id=$(sed -n "${k}p" "$f" | cut -d' ' -f"$col")
    curl -s -H "Authorization: Bearer $token" "$PG_URL/api/v1/partners/$id" >>"$TMP/probe-$1.txt"
    echo >>"$TMP/probe-$1.txt"
  done
  grep -q '"id":' "$TMP/probe-$1.txt" || { log "bench: probe reads failed on $1: $(head -c 300 "$TMP/probe-$1.txt")"; exit 1; }
  [ "$PG_OFFICES" -gt 1 ] || return 0
  token=$(sed -n 1p "$f" | cut -d' ' -f1); id=$(sed -n 2p "$f" | cut -d' ' -f2)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$PG_URL/api/v1/partners/$id")
  [ "$code" = 404 ] || { log "bench: office 1 read office 2's partner on $1 ($code)"; exit 1; }
}

pg_feedback_rows() {   # the feedback rows the summary read, summed over offices
  local f=$1 total=0 n line
  while read -r line; do
    n=$(curl -s -H "Authorization: Bearer ${line%% *}" "$PG_URL$PG_SUMMARY_PATH" \
      | grep -o '"totals":{"received":[0-9]*' | grep -o '[0-9]*$')
    total=$(( total + ${n:-0} ))
  done <"$f"
  echo "$total"
}

declare -A PGR   # PGR[store,request,field]
pg_run_store() {   # pg_run_store DB NAME
  local db=$1 name=$2 req
  pg_serve "$db" "$name"
  pg_probe "$name"
  PGR[$name,load_before]=$(cut -d' ' -f1-3 /proc/loadavg)
  pg_wrk "$name" '/api/v1/partners/%d' "$TMP/offices-$name-viewer.txt"; req=read
  pg_keep "$name" $req
  pg_wrk "$name" "$PG_LIST_PATH" "$TMP/offices-$name-viewer.txt"; req=list
  pg_keep "$name" $req
  pg_wrk "$name" /api/v1/feedback "$TMP/offices-$name-staff.txt" POST "$PG_FEEDBACK_BODY"; req=post
  pg_keep "$name" $req
  pg_wrk "$name" "$PG_SUMMARY_PATH" "$TMP/offices-$name-viewer.txt"; req=summary
  pg_keep "$name" $req
  PGR[$name,feedback]=$(pg_feedback_rows "$TMP/offices-$name-viewer.txt")
  PGR[$name,load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
  PGR[$name,rss]=$(awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$PG_SERVER_PID/status")
  pg_stop_server
}
pg_keep() {   # pg_keep NAME REQUEST: stores the last pg_wrk's figures
  local f
  for f in RPS P50 P99 NON2XX ERRS CPU_APP CPU_PG BUSY LOAD; do PGR[$1,$2,$f]=${!f}; done
}

log "bench: the static server again, for this section's ratios"
bench_wrk "$SURL" '/api/v1/partners/%d' 1 "$PG_PARTNERS"; PG_STATIC=($RPS $P99)
log "bench: SQLite ($PG_OFFICES offices), then PostgreSQL $PG_VERSION; wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, rapport --threads $SERVER_THREADS"
pg_run_store "$SQ_DB" sqlite
pg_run_store "$PG_DB" postgres
cmp -s "$TMP/probe-sqlite.txt" "$TMP/probe-postgres.txt" || {
  log "bench: the two stores answer different bytes for the same partners:"
  diff <(tr ',' '\n' <"$TMP/probe-sqlite.txt") <(tr ',' '\n' <"$TMP/probe-postgres.txt") | head -20 >&2
  exit 1
}
PG_SQ_MB=$(calc "$(stat -c %s "$SQ_DB") / 1048576" 0)
PG_PG_MB=$(psql -X -At "$RAPPORT_TEST_PG_ADMIN" -c "SELECT pg_database_size('rapport') / 1048576")
pg_section_stop
trap cleanup EXIT

# ---- the report ----
pg_row() {   # pg_row LABEL REQUEST
  local s=$2
  md "| $1 | ${PGR[sqlite,$s,RPS]} | $(ms "${PGR[sqlite,$s,P99]}") | ${PGR[postgres,$s,RPS]} | $(ms "${PGR[postgres,$s,P99]}") | $(pct "${PGR[postgres,$s,RPS]}" "${PGR[sqlite,$s,RPS]}")% | $(pct "${PGR[sqlite,$s,RPS]}" "${PG_STATIC[0]}")% / $(pct "${PGR[postgres,$s,RPS]}" "${PG_STATIC[0]}")% | ${PGR[sqlite,$s,CPU_APP]} | ${PGR[postgres,$s,CPU_APP]} + ${PGR[postgres,$s,CPU_PG]} | ${PGR[sqlite,$s,BUSY]}% / ${PGR[postgres,$s,BUSY]}% |"
}
md ""
md "## SQLite and PostgreSQL side by side (issue 9)"
md ""
md "Data: $PG_OFFICES offices of $PG_PARTNERS partners, $PG_CONTACTS contacts and $PG_INTERACTIONS interactions each"
md "($(grep -o '[0-9]* rows' "$TMP/gen-sqlite.out" | head -1) per store), \`rapport bench-gen --per-office --seed $SEED --today $PG_TODAY\`"
md "into a fresh SQLite file (${PG_SQ_MB} MB) and a fresh PostgreSQL $PG_VERSION database (${PG_PG_MB} MB; a throwaway"
md "\`tests/pg/cluster.sh\` cluster with PostgreSQL's durable defaults (fsync, synchronous_commit on), over loopback); the two"
md "answered the same bytes for the same partners.  PostgreSQL generation took $PG_GEN_PG_S s (SQLite alongside)."
md "Each request picks one of the $PG_OFFICES offices at random and sends that office's token (viewer;"
md "staff for the post), so single reads spread over all $((PG_OFFICES * PG_PARTNERS)) partners.  rapport \`serve --threads $SERVER_THREADS\`,"
md "pool ${BENCH_PG_POOL:-threads + 2}; wrk as above.  Static: nginx serving a saved partner, measured again"
md "for this section (${PG_STATIC[0]} req/s, p99 $(ms "${PG_STATIC[1]}") ms)."
md ""
md "| request | SQLite req/s | SQLite p99 ms | PostgreSQL req/s | PostgreSQL p99 ms | PG / SQLite | SQLite / PG vs static | CPU ms/req SQLite (rapport) | CPU ms/req PG (rapport + postgres) | machine busy SQLite / PG |"
md "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
pg_row "\`GET /api/v1/partners/{id}\`" read
pg_row "\`GET $PG_LIST_PATH\`" list
pg_row "\`POST /api/v1/feedback\`" post
pg_row "\`GET /api/v1/reports/feedback-summary\` (12 months)" summary
md ""
md "- The summary ran after the posts, over ${PGR[sqlite,feedback]} feedback rows on SQLite and ${PGR[postgres,feedback]} on PostgreSQL"
md "  (all offices together; each request reads one office's)."
md "- Load average before / after: SQLite ${PGR[sqlite,load_before]} / ${PGR[sqlite,load_after]};"
md "  PostgreSQL ${PGR[postgres,load_before]} / ${PGR[postgres,load_after]}.  rapport's peak RSS: SQLite ${PGR[sqlite,rss]} MB, PostgreSQL ${PGR[postgres,rss]} MB."
md "- non-2xx answers (SQLite, PostgreSQL): read ${PGR[sqlite,read,NON2XX]}, ${PGR[postgres,read,NON2XX]}; list ${PGR[sqlite,list,NON2XX]}, ${PGR[postgres,list,NON2XX]};"
md "  post ${PGR[sqlite,post,NON2XX]}, ${PGR[postgres,post,NON2XX]}; summary ${PGR[sqlite,summary,NON2XX]}, ${PGR[postgres,summary,NON2XX]};"
md "  wrk's socket errors (timeouts): read ${PGR[sqlite,read,ERRS]}, ${PGR[postgres,read,ERRS]}; list ${PGR[sqlite,list,ERRS]}, ${PGR[postgres,list,ERRS]};"
md "  post ${PGR[sqlite,post,ERRS]}, ${PGR[postgres,post,ERRS]}; summary ${PGR[sqlite,summary,ERRS]}, ${PGR[postgres,summary,ERRS]}."
md "- CPU per request is the CPU time rapport (and the cluster's processes) used during the measured"
md "  run divided by the requests answered; wrk's own share is the rest of \"machine busy\"."

fi
