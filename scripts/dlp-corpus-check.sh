#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The benign captures of the shared corpus (../shared/corpus/pcaps/benign) must raise no DLP
# alert: once with the defaults (data leaving HOME_NET) and once scanning every direction.
# Prints "N passed, N failed, N skipped"; skipped when the corpus is not beside the checkout.
set -u
build=${1:-build}
corpus=${2:-../shared/corpus}
dir=$corpus/pcaps/benign
if [ ! -d "$dir" ]; then
    echo "dlp-corpus-check: $dir not found, skipped"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
out=$build/dlp-corpus-check
rm -rf "$out"
passed=0 failed=0
while IFS= read -r -d '' pcap; do
    name=$(basename "$pcap")
    for mode in outbound all; do
        d=$out/$name.$mode
        mkdir -p "$d"
        set -- --set dlp.enabled=yes
        [ "$mode" = all ] && set -- "$@" --set dlp.outbound-only=no
        if ! "$build/khien" -r "$pcap" -l "$d" --no-summary "$@" >"$d/khien.log" 2>&1; then
            echo "FAIL $name ($mode): exit status (see $d/khien.log)"
            failed=$((failed + 1))
            continue
        fi
        n=$(grep -c '"dlp":{"detector"' "$d/eve.json" || true)
        if [ "$n" -ne 0 ]; then
            echo "FAIL $name ($mode): $n DLP alert(s) on a benign capture (see $d/eve.json)"
            failed=$((failed + 1))
        else
            echo "PASS $name ($mode)"
            passed=$((passed + 1))
        fi
    done
done < <(find "$dir" -type f \( -name '*.pcap' -o -name '*.pcapng' \) -print0 | sort -z)
echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
