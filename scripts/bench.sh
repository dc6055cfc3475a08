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
exec "$py" scripts/bench.py "${args[@]}"
