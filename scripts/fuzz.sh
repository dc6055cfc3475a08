#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make fuzz: build every libFuzzer target with clang and run each for SECS seconds on a copy
# of its seed corpus (tests/fuzz/corpus/<target>/). Crashes are left in the build folder.
set -eu
dir=${1:-build-fuzz}
secs=${2:-60}
if [ ! -f "$dir/build.ninja" ]; then
    CC=clang meson setup "$dir" -Dfuzz=true -Dtests=disabled -Ddebug_checks=true \
        -Db_lundef=false -Dbuildtype=debugoptimized
fi
ninja -C "$dir"
status=0
for bin in "$dir"/tests/fuzz/fuzz_*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    name=$(basename "$bin")
    seeds=tests/fuzz/corpus/${name#fuzz_}
    work=$dir/corpus/${name#fuzz_}
    mkdir -p "$work"
    [ -d "$seeds" ] && cp -n "$seeds"/* "$work"/ 2>/dev/null || true
    dict=tests/fuzz/${name#fuzz_}.dict
    echo "fuzz: $name for ${secs}s"
    if ! (cd "$dir" && "./tests/fuzz/$name" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="./$name-" $([ -f "$dict" ] && echo "-dict=../$dict") \
        "corpus/${name#fuzz_}" >"fuzz-$name.log" 2>&1); then
        echo "fuzz: $name FAILED, see $dir/fuzz-$name.log and $dir/$name-*"
        tail -30 "$dir/fuzz-$name.log"
        status=1
    else
        grep -E 'stat::number_of_executed_units|cov:' "$dir/fuzz-$name.log" | tail -2
    fi
done
exit $status
