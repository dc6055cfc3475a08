#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: the performance suite (scripts/bench.py): khien's stages, run modes, rule
# counts and flow counts against a plain libpcap read loop, as one table. A benchmark, not
# a test. RUNS sets the runs per cell on the benchmark capture (median); BENCH_QUICK=1 skips
# the per-corpus-capture rows; BENCH_RECORD=1 appends the table to BENCHMARKS.md.
set -eu
build=${1:-build}
corpus=${2:-../shared/corpus}
runs=${RUNS:-3}
py=${PYTHON:-/usr/bin/python3}
out=$build/bench
mkdir -p "$out/log"
pcap=$out/bench.pcap

if [ ! -s "$pcap" ]; then
    if [ -d "$corpus/pcaps" ] && [ -x "$corpus/../tools/make-bench-pcap.py" ] ||
        [ -f "$corpus/../tools/make-bench-pcap.py" ]; then
        echo "bench: building $pcap from $corpus/pcaps (10 rounds)"
        "$py" "$corpus/../tools/make-bench-pcap.py" --rounds 10 "$pcap" "$corpus/pcaps" >/dev/null
        source_desc="corpus pcaps x10"
    else
        echo "bench: $corpus/pcaps not found; generating a capture instead"
        "$py" tests/tools/gen_captures.py bench "$pcap" --packets 1300000
        source_desc="generated"
    fi
    echo "$source_desc" >"$out/source"
fi
source_desc=$(cat "$out/source" 2>/dev/null || echo unknown)

args=(--build "$build" --corpus "$corpus" --pcap "$pcap" --source "$source_desc" --runs "$runs")
[ "${BENCH_QUICK:-0}" = 1 ] && args+=(--no-corpus-rows)
[ "${BENCH_RECORD:-0}" = 1 ] && args+=(--record)

"$py" scripts/bench.py "${args[@]}"

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# DLP (docs/dlp.md): scanning speed over text built in memory, and what DLP costs on the
# bench capture (median wall time of RUNS runs: DLP off, on with the defaults, and
# scanning every direction, the worst case). BENCH_RECORD=1 appends the tables.
echo
echo "bench: DLP scanning speed, all detectors and the marking rule on"
dlp_rows=$("$build/bench/dlp-bench" "${DLP_MB:-512}")
echo "$dlp_rows"
big=$pcap # the bench capture: the largest one (corpus pcaps x10, or generated)
# CPU seconds (user + system) of a command: steadier than wall time on a shared machine.
cputime() {
    /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.3f\n", $1 + $2}'
}
off_t=() on_t=() all_t=()
for _ in $(seq "$runs"); do
    off_t+=("$(cputime "$build/khien" -r "$big" -l "$out/log" --no-summary --set dlp.enabled=no)")
    on_t+=("$(cputime "$build/khien" -r "$big" -l "$out/log" --no-summary)")
    all_t+=("$(cputime "$build/khien" -r "$big" -l "$out/log" --no-summary \
        --set dlp.outbound-only=no)")
done
off_s=$(printf '%s\n' "${off_t[@]}" | median)
on_s=$(printf '%s\n' "${on_t[@]}" | median)
all_s=$(printf '%s\n' "${all_t[@]}" | median)
dlp_cost=$(awk -v a="$off_s" -v b="$on_s" -v c="$all_s" 'BEGIN {
    printf "| DLP off | %.3f | - |\n", a
    printf "| DLP on (defaults: outbound only) | %.3f | %+.1f%% |\n", b, 100 * (b - a) / a
    printf "| DLP on, every direction | %.3f | %+.1f%% |", c, 100 * (c - a) / a }')
echo
echo "bench: DLP cost on $(basename "$big") ($(stat -c %s "$big") bytes), CPU seconds, median of $runs runs"
echo "| run | median CPU s | cost |"
echo "|---|---|---|"
echo "$dlp_cost"
if [ "${BENCH_RECORD:-0}" = 1 ]; then
    printf '\nDLP scanning speed (MB per CPU-second, one thread):\n\n%s\n\nDLP cost on %s (CPU seconds, user + system):\n\n| run | median CPU s | cost |\n|---|---|---|\n%s\n' \
        "$dlp_rows" "$(basename "$big")" "$dlp_cost" >>BENCHMARKS.md
fi

# Threat intelligence (docs/intel.md): INTEL_TOTAL generated indicators (10M; 0 skips).
# intel-bench: load time, bytes per indicator, lookups per second; then khien's packet loop
# (CPU seconds, as logged at -v, so start-up loads are left out) with the feeds and without.
intel_total=${INTEL_TOTAL:-10000000}
if [ "$intel_total" -gt 0 ] && [ -x "$build/bench/intel-bench" ]; then
    idir=$out/intel
    mkdir -p "$idir"
    echo
    "$build/bench/intel-bench" "$idir" "$intel_total"
    sed '/bench-sha256/,+2d' "$idir/intel.yaml" >"$idir/intel-nohash.yaml"
    loop_cpu() {
        "$build/khien" -v -r "$pcap" -l "$out/log" --no-summary -c "$1" \
            --set outputs.0.eve-log.enabled=no --set intel.enabled="$2" 2>&1 |
            sed -n 's/.*packet loop [0-9.]* s, \([0-9.]*\) s CPU.*/\1/p'
    }
    none=() with=() nohash=()
    for _ in $(seq "$runs"); do
        none+=("$(loop_cpu "$idir/intel.yaml" no)")
        with+=("$(loop_cpu "$idir/intel.yaml" yes)")
        nohash+=("$(loop_cpu "$idir/intel-nohash.yaml" yes)")
    done
    # packets in the capture (pcap records), for the packets/s column
    pkts=$("$py" - "$pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(24)
    order = "<" if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    n = 0
    while True:
        rec = f.read(16)
        if len(rec) < 16:
            break
        f.seek(struct.unpack(order + "IIII", rec)[2], 1)
        n += 1
print(n)
PY
    )
    n_s=$(printf '%s\n' "${none[@]}" | median)
    w_s=$(printf '%s\n' "${with[@]}" | median)
    h_s=$(printf '%s\n' "${nohash[@]}" | median)
    awk -v p="$pkts" -v n="$n_s" -v w="$w_s" -v h="$h_s" 'BEGIN {
        print "| packet loop (CPU s, median) | packets/s | of none |"
        print "|---|---|---|"
        printf "| no intel | %.3f | %.2f M | 100%% |\n", n, p / n / 1e6
        printf "| 10M indicators, no hash feed | %.3f | %.2f M | %.1f%% |\n", h, p / h / 1e6, 100 * n / h
        printf "| 10M indicators with SHA-256 (bodies hashed) | %.3f | %.2f M | %.1f%% |\n", w, p / w / 1e6, 100 * n / w }'
fi
