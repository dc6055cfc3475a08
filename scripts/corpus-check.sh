#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make corpus-check: run khien on every capture in the shared corpus (../shared/corpus/pcaps)
# with decoder anomalies on, and require exit 0 and EVE output valid against Suricata's
# schema for each. Skipped, and says so, when the corpus is not beside the checkout.
set -u
build=${1:-build}
corpus=${2:-../shared/corpus}
py=${PYTHON:-/usr/bin/python3}
if [ ! -d "$corpus/pcaps" ]; then
    echo "corpus-check: $corpus/pcaps not found, skipped"
    exit 0
fi
out=$build/corpus-check
rm -rf "$out"
passed=0 failed=0
while IFS= read -r -d '' pcap; do
    name=${pcap#"$corpus/pcaps/"}
    dir=$out/${name//\//_}
    mkdir -p "$dir"
    if ! "$build/khien" -r "$pcap" -l "$dir" --no-summary \
        --set outputs.0.eve-log.types.2.anomaly.types.decode=yes \
        --set outputs.0.eve-log.types.2.anomaly.types.stream=yes >"$dir/khien.log" 2>&1; then
        echo "FAIL $name: exit status $? (see $dir/khien.log)"
        failed=$((failed + 1))
        continue
    fi
    if ! "$py" tests/tools/eve_schema.py --schema "$corpus/eve-schema.json" "$dir/eve.json" \
        >"$dir/schema.log" 2>&1; then
        echo "FAIL $name: EVE schema violations (see $dir/schema.log)"
        head -5 "$dir/schema.log"
        failed=$((failed + 1))
        continue
    fi
    echo "PASS $name ($(wc -l <"$dir/eve.json") records)"
    passed=$((passed + 1))
done < <(find "$corpus/pcaps" -type f \( -name '*.pcap' -o -name '*.pcapng' \) -print0 | sort -z)
echo "$passed passed, $failed failed"
scripts/dlp-corpus-check.sh "$build" "$corpus" | tail -1 | sed 's/^/dlp: /'
dlp_rc=${PIPESTATUS[0]}
[ "$failed" -eq 0 ] && [ "$dlp_rc" -eq 0 ]
