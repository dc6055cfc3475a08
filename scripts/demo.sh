#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make demo: craft a mixed capture, run khien on it, show a short summary and where eve.json is.
set -eu
build=${1:-build}
py=${PYTHON:-/usr/bin/python3}
out=$build/demo
mkdir -p "$out/log"
rm -f "$out/log/eve.json"
"$py" tests/tools/gen_captures.py demo "$out/demo.pcap"
echo "demo: running khien on $out/demo.pcap (crafted by tests/tools/gen_captures.py)"
# Decoder anomalies are off in Suricata's default configuration; the demo turns them on.
"$build/khien" -r "$out/demo.pcap" -l "$out/log" \
    --set outputs.0.eve-log.types.2.anomaly.types.decode=yes
echo
echo "demo: EVE records by event_type in $out/log/eve.json:"
"$py" - "$out/log/eve.json" <<'PY'
import collections, json, sys
counts = collections.Counter()
with open(sys.argv[1]) as fh:
    for line in fh:
        counts[json.loads(line)["event_type"]] += 1
for name, n in sorted(counts.items()):
    print(f"  {name:10} {n}")
PY
