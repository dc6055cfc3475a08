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
