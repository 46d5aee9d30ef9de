# bench/sections/60-certification.sh: how long the certification packet
# takes to make on the benchmark data set, against the reports it is made
# of, measured in the same run (sourced by bench/run.sh; uses BIN, DB, TMP,
# md, calc).  The packet calls the same functions as the reports, so its
# time should be close to their sum; the ratio shows what assembling and
# rendering add.  Each command is a fresh process on the same database.
cert_time() {   # prints the best wall time in ms of 3 runs of "$@"
  local best= t0 t1 ms
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>>"$TMP/cert.log" || { echo "bench: $* failed" >&2; tail -5 "$TMP/cert.log" >&2; return 1; }
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
CERT_TO=$(date -u +%F)
CERT_FROM=$(date -u -d "$CERT_TO - 364 days" +%F)
CERT_OPTS=(--db "$DB" --office bench-1)
CT_CONT=$(cert_time "$BIN" report continuity "${CERT_OPTS[@]}" --json)
CT_FEED=$(cert_time "$BIN" report feedback "${CERT_OPTS[@]}" --from "$CERT_FROM" --to "$CERT_TO" --json)
CT_MISC=$(cert_time "$BIN" report misconceptions "${CERT_OPTS[@]}" --from "$CERT_FROM" --to "$CERT_TO" --json)
CT_JSON=$(cert_time "$BIN" report certification "${CERT_OPTS[@]}" --from "$CERT_FROM" --to "$CERT_TO" --format json --out "$TMP/packet.json")
CT_ZIP=$(cert_time "$BIN" report certification "${CERT_OPTS[@]}" --from "$CERT_FROM" --to "$CERT_TO" --format zip --out "$TMP/packet.zip")
CT_BASE=$((CT_CONT + CT_FEED + CT_MISC))
md ""
md "## Certification packet ($CERT_FROM to $CERT_TO, office bench-1)"
md ""
md "Best of 3 runs, each a fresh \`rapport\` process; load average now: $(cut -d' ' -f1-3 /proc/loadavg)."
md ""
md "| command | ms |"
md "|---|---:|"
md "| \`report continuity --json\` | $CT_CONT |"
md "| \`report feedback --json\` (12 months) | $CT_FEED |"
md "| \`report misconceptions --json\` (12 months) | $CT_MISC |"
md "| the three reports together (baseline) | $CT_BASE |"
md "| \`report certification --format json\` | $CT_JSON ($(calc "$CT_JSON / ($CT_BASE > 0 ? $CT_BASE : 1)" 2)× the baseline) |"
md "| \`report certification --format zip\` (PDF, HTML, CSV, XLSX) | $CT_ZIP ($(calc "$CT_ZIP / ($CT_BASE > 0 ? $CT_BASE : 1)" 2)× the baseline) |"
md ""
md "The packet also computes coverage and the strength pick (not in the baseline's three reports); $(stat -c %s "$TMP/packet.zip") bytes of ZIP."
