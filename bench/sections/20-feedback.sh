# bench/sections/20-feedback.sh: the feedback figures of issue 5, sourced by
# bench/run.sh after the partner reads (see bench/README.md):
#   - GET /api/v1/reports/feedback-summary for the last 12 months over the
#     data set's feedback (500,000 records by default, BENCH_FEEDBACK), one
#     request at a time (the time one summary takes; target under 20 ms),
#     and under the usual load, each beside nginx serving the same bytes;
#   - POST /api/v1/feedback with durable commits (target >= 1,000/s): a staff
#     token, every request a distinct valid record (bench/feedback_post.lua),
#     the rows counted before and after to check each 201 was written.
# Uses BIN, DB, URL, SURL, STATIC, TMP and the helpers of run.sh.

FB_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FB_TO=$(date -u -d 'yesterday' +%F)
FB_FROM=$(date -u -d "$FB_TO - 1 year + 1 day" +%F)
FB_SUMMARY="/api/v1/reports/feedback-summary?from=$FB_FROM&to=$FB_TO"

# The office's feedback in the period (and in all: the last three years).
fb_received() {   # PATH -> totals.received
  curl -sf -H "Authorization: Bearer $TOKEN" "$URL$1" | sed -n 's/.*"totals":{"received":\([0-9]*\).*/\1/p'
}
FB_ALL_FROM=$(date -u -d "-1094 day" +%F)   # a report covers at most 1,096 days
FB_ROWS=$(fb_received "/api/v1/reports/feedback-summary?from=$FB_ALL_FROM&to=$(date -u +%F)")
FB_PERIOD_ROWS=$(fb_received "$FB_SUMMARY")
log "bench: feedback: ${FB_ROWS:-0} records in the last three years, ${FB_PERIOD_ROWS:-0} from $FB_FROM to $FB_TO"

md ""
md "## Feedback (issue 5)"
md ""
if [ "${FB_ROWS:-0}" -eq 0 ]; then
  md "No feedback records in the data set (a reused database from before \`bench-gen --feedback\`?): section skipped."
  log "bench: no feedback records; regenerate the data set (without BENCH_REUSE) to measure them"
else
  # ---- the summary, as nginx would serve its bytes ----
  curl -sf -H "Authorization: Bearer $TOKEN" "$URL$FB_SUMMARY" >"$STATIC/root/feedback-summary.json"
  FB_BYTES=$(stat -c %s "$STATIC/root/feedback-summary.json")
  log "bench: the 12-month summary, one request at a time, then -c$CONNECTIONS"
  WRK_THREADS=1 CONNECTIONS=1 bench_wrk "$URL" "$FB_SUMMARY";              FS1=($RPS $P50 $P99 $NON2XX $ERRS)
  WRK_THREADS=1 CONNECTIONS=1 bench_wrk "$SURL" "/feedback-summary.json";  FSS1=($RPS $P50 $P99 $NON2XX $ERRS)
  bench_wrk "$URL" "$FB_SUMMARY";                                         FS2=($RPS $P50 $P99 $NON2XX $ERRS)
  # rapport's own CPU time per summary (user + system, from /proc): what one
  # summary costs whatever else the machine is doing.
  FB_TCK=$(getconf CLK_TCK)
  fb_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
  FB_T0=$(fb_ticks)
  for _ in $(seq 30); do curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL$FB_SUMMARY"; done
  FB_SUMMARY_CPU_MS=$(calc "($(fb_ticks) - $FB_T0) * 1000 / $FB_TCK / 30" 1)
  bench_wrk "$SURL" "/feedback-summary.json";                             FSS2=($RPS $P50 $P99 $NON2XX $ERRS)

  # ---- recording feedback: a staff token, distinct bodies, durable commits ----
  STAFF_TOKEN=$("$BIN" token create --db "$DB" --office bench-1 --user bench-staff-1@bench.example \
    --name "bench feedback $(date -u +%FT%TZ)" 2>/dev/null)
  FB_TOPICS=$(curl -sf -H "Authorization: Bearer $STAFF_TOKEN" "$URL/api/v1/topics" | grep -o '"id":[0-9]*' | cut -d: -f2 | paste -sd, -)
  FB_TODAY=$(date -u +%F)
  FB_BEFORE_POST=$(fb_received "/api/v1/reports/feedback-summary?from=$FB_ALL_FROM&to=$FB_TODAY")
  bench_post() {
    local line
    BENCH_TOKEN=$STAFF_TOKEN BENCH_TOPICS=$FB_TOPICS \
      wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/feedback_post.lua" "$URL" >/dev/null
    line=$(BENCH_TOKEN=$STAFF_TOKEN BENCH_TOPICS=$FB_TOPICS \
      wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/feedback_post.lua" "$URL" | grep '^BENCH ')
    eval "$(echo "$line" | sed 's/^BENCH //; s/rps=/RPS=/; s/p50_us=/P50=/; s/p90_us=/P90=/; s/p99_us=/P99=/;
                                 s/requests=/REQS=/; s/errors=/ERRS=/; s/non2xx=/NON2XX=/')"
    log "  $(printf '%-8s %-70s %9.0f req/s  p50 %5.2f ms  p99 %6.2f ms  (errors %s, non-2xx %s)' rapport \
      "POST /api/v1/feedback" "$RPS" "$(ms "$P50")" "$(ms "$P99")" "$ERRS" "$NON2XX")"
  }
  log "bench: POST /api/v1/feedback (RAPPORT_SQLITE_SYNC=${RAPPORT_SQLITE_SYNC:-full})"
  FB_T0=$(fb_ticks)
  bench_post; FP=($RPS $P50 $P99 $NON2XX $ERRS $REQS)
  FB_POST_TICKS=$(( $(fb_ticks) - FB_T0 ))
  FB_AFTER_POST=$(fb_received "/api/v1/reports/feedback-summary?from=$FB_ALL_FROM&to=$FB_TODAY")
  FB_WRITTEN=$(( ${FB_AFTER_POST:-0} - ${FB_BEFORE_POST:-0} ))
  FB_POST_CPU_US=$(calc "$FB_POST_TICKS * 1000000 / $FB_TCK / ($FB_WRITTEN > 0 ? $FB_WRITTEN : 1)" 0)
  FB_LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

  md "Data: ${FB_ROWS} feedback records in bench-1 (America/Denver); the summary covers $FB_FROM to $FB_TO"
  md "(${FB_PERIOD_ROWS} records, $FB_BYTES bytes of JSON).  Load average before this section: $FB_LOAD_BEFORE; after: $FB_LOAD_AFTER."
  md ""
  md "| request | connections | rapport req/s | rapport p50 / p99 ms | static req/s | static p50 / p99 ms | rapport / static | target |"
  md "|---|---:|---:|---:|---:|---:|---:|---|"
  md "| \`GET $FB_SUMMARY\` | 1 | ${FS1[0]} | $(ms "${FS1[1]}") / $(ms "${FS1[2]}") | ${FSS1[0]} | $(ms "${FSS1[1]}") / $(ms "${FSS1[2]}") | $(pct "${FS1[0]}" "${FSS1[0]}")% | p50 < 20 ms: $(verdict "${FS1[1]} < 20000") |"
  md "| \`GET $FB_SUMMARY\` | $CONNECTIONS | ${FS2[0]} | $(ms "${FS2[1]}") / $(ms "${FS2[2]}") | ${FSS2[0]} | $(ms "${FSS2[1]}") / $(ms "${FSS2[2]}") | $(pct "${FS2[0]}" "${FSS2[0]}")% | |"
  md "| \`POST /api/v1/feedback\` (durable) | $CONNECTIONS | ${FP[0]} | $(ms "${FP[1]}") / $(ms "${FP[2]}") | ${S1[0]} (GET partner) | | $(pct "${FP[0]}" "${S1[0]}")% | >= 1,000/s: $(verdict "${FP[0]} >= 1000") |"
  md ""
  md "- rapport's CPU time (user + system, from /proc, whatever the machine's load): $FB_SUMMARY_CPU_MS ms per"
  md "  12-month summary (30 in a row); $FB_POST_CPU_US µs per recorded POST.  With two idle cores these bound"
  md "  the summary's time (target 20 ms) and the POST rate (about 2 cores / CPU per POST; target 1,000/s)."
  md "- POST: ${FP[5]} requests answered in ${DURATION} (plus the ${WARMUP} warm-up), non-2xx ${FP[3]}, socket errors ${FP[4]};"
  md "  records written during the warm-up and the run: $FB_WRITTEN (every 201 is a committed, fsync'ed record;"
  md "  SQLite WAL, RAPPORT_SQLITE_SYNC=${RAPPORT_SQLITE_SYNC:-full}: group commit, one shared fdatasync per batch)."
  md "- The static column serves the same summary bytes from a file (nginx, same run); for POST there is no"
  md "  static twin, so the ratio is to nginx's single-partner GET rate above, as a measure of the machine."
  md "- On a shared 2-core machine the load average above is most of the story: rapport, wrk and nginx"
  md "  share the CPUs with whatever else runs."
fi
