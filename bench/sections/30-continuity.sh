# bench/sections/30-continuity.sh: the continuity reports on the benchmark
# data set (issue 6: the continuity-risk list and the coverage view, each
# under 100 ms), with the strength ranking and "my relationships" measured
# beside them.  Sourced by bench/run.sh after the partner reads (see its
# variables); writes a table to the results.
#
# Each request is made CONT_RUNS times in a row with curl (one at a time:
# these are reports, read by one person at a time, not loaded by 32
# connections), after one unmeasured warm-up; p50 and p99 of curl's
# time_total.  The baseline, the single-partner read, is timed the same way
# in the same loop, so the ratio compares like with like on whatever the
# machine is doing; the load average is noted before and after.

CONT_RUNS=${BENCH_CONT_RUNS:-21}
CONT_STAFF_TOKEN=$("$BIN" token create --db "$DB" --office bench-1 --user bench-staff-1@bench.example \
  --name "bench continuity $(date -u +%FT%TZ)" 2>/dev/null || true)

# The server's CPU time so far, in clock ticks (user + system).
cont_cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }

# cont_time PATH TOKEN: sets CT_P50, CT_P99 (ms), CT_CPU (the server's CPU
# ms per request: requests run one at a time), CT_CODE (last status), CT_BYTES.
cont_time() {
  local path=$1 tok=$2 out i line c0
  curl -s -o /dev/null -H "Authorization: Bearer $tok" "$URL$path"
  c0=$(cont_cpu)
  out=$(for i in $(seq "$CONT_RUNS"); do
    curl -s -o "$TMP/cont.body" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $tok" "$URL$path"
  done)
  CT_CPU=$(calc "($(cont_cpu) - $c0) * 1000 / $(getconf CLK_TCK) / $CONT_RUNS" 0)
  CT_CODE=$(echo "$out" | tail -1 | cut -d' ' -f1)
  CT_BYTES=$(stat -c %s "$TMP/cont.body")
  line=$(echo "$out" | awk '{print $2 * 1000}' | sort -n | awk '{v[NR] = $1} END {
    p50 = v[int((NR + 1) / 2)]; i99 = int(NR * 0.99 + 0.999); if (i99 > NR) i99 = NR; if (i99 < 1) i99 = 1;
    printf "%.1f %.1f", p50, v[i99] }')
  CT_P50=${line% *}
  CT_P99=${line#* }
  log "  $(printf '%-55s p50 %8.1f ms  p99 %8.1f ms  server CPU %5s ms  (%s, %s bytes)' "$path" "$CT_P50" "$CT_P99" \
    "$CT_CPU" "$CT_CODE" "$CT_BYTES")"
}

CONT_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "bench: continuity reports, $CONT_RUNS requests each with curl"
cont_time "/api/v1/partners/$(( (ID_MIN + ID_MAX) / 2 ))" "$TOKEN"
CONT_BASE=$CT_P50
CONT_BASE_P99=$CT_P99
CONT_BASE_CPU=$CT_CPU

md ""
md "## Continuity reports (issue 6)"
md ""
md "Each request $CONT_RUNS times in a row with curl after a warm-up (one at a time; p50 and p99 of"
md "curl's total time).  Baseline: \`GET /api/v1/partners/{id}\` timed the same way in the same run,"
md "p50 ${CONT_BASE} ms, p99 ${CONT_BASE_P99} ms, server CPU ${CONT_BASE_CPU} ms.  Load average before: $CONT_LOAD_BEFORE."
md "Server CPU is rapport's user + system time per request (from /proc, requests one at a time): on a"
md "machine shared with other work it shows the cost that wall time hides behind the wait for a CPU."
md ""
md "| request | status | bytes | p50 ms | p99 ms | server CPU ms | p50 / baseline p50 | target |"
md "|---|---:|---:|---:|---:|---:|---:|---|"
for spec in "/api/v1/continuity/risks|$TOKEN|< 100 ms" "/api/v1/coverage|$TOKEN|< 100 ms" \
            "/api/v1/strength|$TOKEN|measured" "/api/v1/strength/examples|$TOKEN|measured" \
            "/api/v1/me/relationships|${CONT_STAFF_TOKEN:-$TOKEN}|measured"; do
  IFS='|' read -r cpath ctok ctarget <<<"$spec"
  cont_time "$cpath" "$ctok"
  if [ "$ctarget" = "< 100 ms" ]; then
    cverdict="p50 < 100 ms: $(verdict "$CT_P50 < 100"), p99: $(verdict "$CT_P99 < 100")"
  else
    cverdict="(measured)"
  fi
  md "| \`GET $cpath\` | $CT_CODE | $CT_BYTES | $CT_P50 | $CT_P99 | $CT_CPU | $(calc "$CT_P50 / ($CONT_BASE > 0 ? $CONT_BASE : 1)" 1)x | $cverdict |"
done
md ""
md "- \`/me/relationships\` is read as bench-staff-1, liaison of about 19,000 partners in this data set"
md "  (it lists the 500 most urgent; the summary counts all).  Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
