#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: khien with EVE output off and on against a plain libpcap read loop on one long
# capture; prints medians of RUNS runs and their ratios. A benchmark, not a test.
# BENCH_RECORD=1 appends the result row to BENCHMARKS.md.
set -eu
build=${1:-build}
corpus=${2:-../shared/corpus}
runs=${RUNS:-5}
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

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Wall time of a whole command, in seconds.
timed() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }'
}

read -r _ pkts _ bytes _ _ _ _ < <("$build/bench/pcap-read-loop" "$pcap")
loop_times=() flow_times=() full_times=()
for _ in $(seq "$runs"); do
    loop_times+=("$(timed "$build/bench/pcap-read-loop" "$pcap")")
    # everything but output: decode, defrag, flow, stream, app-layer parsing
    flow_times+=("$(timed "$build/khien" -r "$pcap" -l "$out/log" --no-summary \
        --set outputs.0.eve-log.enabled=no)")
    rm -f "$out/log/eve.json"
    # plus EVE records with Suricata's default outputs
    full_times+=("$(timed "$build/khien" -r "$pcap" -l "$out/log" --no-summary)")
done
loop_s=$(printf '%s\n' "${loop_times[@]}" | median)
flow_s=$(printf '%s\n' "${flow_times[@]}" | median)
full_s=$(printf '%s\n' "${full_times[@]}" | median)
flows=$(grep -c '"event_type":"flow"' "$out/log/eve.json" || true)

# One row per configuration: packets/s, Mbit/s, median seconds, rate as % of the read loop.
rows=$(awk -v p="$pkts" -v b="$bytes" -v l="$loop_s" -v f="$flow_s" -v e="$full_s" 'BEGIN {
    printf "| libpcap read loop (ceiling) | %.2f M | %.0f | %.3f | 100%% |\n", p / l / 1e6, b * 8 / l / 1e6, l
    printf "| khien, EVE off | %.2f M | %.0f | %.3f | %.1f%% |\n", p / f / 1e6, b * 8 / f / 1e6, f, 100 * l / f
    printf "| khien, EVE on | %.2f M | %.0f | %.3f | %.1f%% |", p / e / 1e6, b * 8 / e / 1e6, e, 100 * l / e }')
header="| run | packets/s | Mbit/s | median s | of ceiling |"
sep="|---|---|---|---|---|"
echo
echo "bench: $pkts packets, $bytes bytes ($source_desc), $flows flow records, median of $runs runs"
echo "$header"
echo "$sep"
echo "$rows"
if [ "${BENCH_RECORD:-0}" = 1 ]; then
    commit=$(git rev-parse --short HEAD)
    machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo),"
    machine="$machine $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
    printf '\n### %s, commit %s, %s\n\n%s, %s packets, %s flow records, median of %s runs\n\n%s\n%s\n%s\n' \
        "$(date -u +%Y-%m-%d)" "$commit" "$machine" "$source_desc" "$pkts" "$flows" "$runs" \
        "$header" "$sep" "$rows" >>BENCHMARKS.md
    echo "bench: recorded in BENCHMARKS.md"
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
