#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test suite (unit tests in the normal and the ASan+UBSan build, the Python tool
# tests, end-to-end cases on crafted captures in both builds and in both run modes, the
# run-mode equivalence check, the memcap flood, the style check) and close with one line
# "N passed, N failed, N skipped". Exits non-zero if anything failed.
set -u
build=${1:-build}
asan=${2:-build-asan}
py=${PYTHON:-/usr/bin/python3}
logs=$build/test-logs
mkdir -p "$logs"
passed=0 failed=0 skipped=0

# tally NAME PASSED FAILED SKIPPED LOGFILE
tally() {
    passed=$((passed + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
    printf '%-24s %4d passed, %d failed, %d skipped\n' "$1:" "$2" "$3" "$4"
    if [ "$3" -ne 0 ]; then
        echo "---- $1: failures (full log: $5) ----"
        grep -E 'FAIL|Error|ERROR|error:|Traceback|AssertionError|runtime error|Sanitizer' "$5" \
            | head -40
        echo "----"
    fi
}

# meson test, counting its Ok/Fail/Skipped summary.
unit() {
    local name=$1 dir=$2 log=$logs/$1.log
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C "$dir" --suite unit --print-errorlogs >"$log" 2>&1
    local rc=$?
    local ok fail skip
    ok=$(awk '/^Ok:/ {print $2}' "$log")
    fail=$(awk '/^(Fail|Timeout|Unexpected Pass):/ {s += $NF} END {print s + 0}' "$log")
    skip=$(awk '/^Skipped:/ {print $2}' "$log")
    [ -n "$ok" ] || { ok=0; fail=$((fail + 1)); }
    [ $rc -eq 0 ] || [ "$fail" -gt 0 ] || fail=1
    tally "$name" "$ok" "$fail" "${skip:-0}" "$log"
}

# Python unittest discovery in a folder.
pytests() {
    local name=$1 dir=$2 log=$logs/$1.log
    "$py" -m unittest discover -s "$dir" -p 'test_*.py' >"$log" 2>&1
    local rc=$?
    local ran bad
    ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' "$log" | tail -1)
    bad=$(sed -n 's/^FAILED (\(.*\))/\1/p' "$log" | tr ',' '\n' | sed 's/[^0-9]//g' |
        awk '{s += $1} END {print s + 0}')
    ran=${ran:-0}
    [ $rc -eq 0 ] || [ "$bad" -gt 0 ] || bad=1
    tally "$name" $((ran - bad < 0 ? 0 : ran - bad)) "$bad" 0 "$log"
}

# End-to-end cases: generate their captures, then judge khien with the conformance runner.
# e2e NAME BUILD [OUTDIR KHIEN-ARGS]: the whole suite again in another run mode, on the
# captures the first run generated.
e2e() {
    local name=$1 dir=$2 log=$logs/$1.log cases=$2/e2e-cases out=${3:-$2/e2e-out}
    [ $# -gt 2 ] || rm -rf "$cases"
    {
        { [ $# -gt 2 ] || "$py" tests/tools/gen_captures.py e2e tests/e2e "$cases"; } &&
            "$py" tests/conformance/run.py --khien "$dir/khien" --tests "$cases" \
                --outdir "$out" --default-yaml builtin --jobs 2 --khien-args "${4:-}"
    } >"$log" 2>&1
    local rc=$?
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -1)
    if [ -z "$line" ]; then
        tally "$name" 0 1 0 "$log"
        return
    fi
    # shellcheck disable=SC2086
    set -- $line
    local f=$3
    [ $rc -eq 0 ] || [ "$f" -gt 0 ] || f=1
    # Every record must be valid against Suricata's EVE schema when the schema is at hand.
    if ! grep -qE '^schema: (no violations|skipped)' "$log"; then
        echo "$name: EVE schema violations (see $log)"
        f=$((f + 1))
    fi
    tally "$name" "$1" "$f" "$5" "$log"
}

# Results do not depend on the run mode: the e2e outputs of single and workers (2, 3
# threads) as multisets of records, then the shared corpus with ET Open when it is there.
equivalence() {
    local dir=$1 log=$logs/runmode-equiv.log corpus=${CORPUS:-../shared/corpus}
    local pcaps=() rules=()
    if [ -d "$corpus/pcaps" ]; then
        pcaps=(--pcap "$corpus/pcaps" --khien "$dir/khien" --workdir "$dir/equiv")
        [ -f "$corpus/rules/et-open.rules" ] && rules=(--rules "$corpus/rules/et-open.rules")
    fi
    "$py" tests/tools/runmode_equiv.py --dirs "$dir/e2e-out" "$dir/e2e-out-workers2" \
        "$dir/e2e-out-workers3" --tests "$dir/e2e-cases" "${pcaps[@]}" "${rules[@]}" >"$log" 2>&1
    local rc=$?
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -1)
    [ -n "$line" ] || line="0 passed, 1 failed, 0 skipped"
    # shellcheck disable=SC2086
    set -- $line
    local f=$3
    [ $rc -eq 0 ] || [ "$f" -gt 0 ] || f=1
    tally runmode-equiv "$1" "$f" "$5" "$log"
}

# The whole tree built with clang too (-Werror), and its unit tests run: catches what gcc
# lets through (argument evaluation order, other warnings).
clang_suite() {
    local dir=${CLANG_BUILD:-build-clang} log=$logs/clang-build.log
    if ! command -v clang >/dev/null 2>&1; then
        tally clang 0 0 1 "$log"
        return
    fi
    {
        [ -f "$dir/build.ninja" ] ||
            CC=clang meson setup "$dir" -Dwerror="${WERROR:-true}" -Dtests=enabled
        ninja -C "$dir"
    } >"$log" 2>&1 || {
        tally clang-build 0 1 0 "$log"
        return
    }
    unit unit-clang "$dir"
}

# The resource-exhaustion flood (normal build only: RSS under ASan says nothing about caps).
flood() {
    local log=$logs/flood.log
    "$py" tests/stress/flood.py --khien "$build/khien" >"$log" 2>&1
    local rc=$?
    local ok bad
    ok=$(grep -c '^ok ' "$log")
    bad=$(grep -c '^FAIL ' "$log")
    [ $rc -eq 0 ] || [ "$bad" -gt 0 ] || bad=1
    tally flood "$ok" "$bad" 0 "$log"
}

# Benign corpus captures raise no DLP alert (skipped without ../shared/corpus).
dlp_corpus() {
    local log=$logs/dlp-corpus.log line
    scripts/dlp-corpus-check.sh "$build" >"$log" 2>&1
    line=$(tail -1 "$log")
    set -- $(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
    [ $# -eq 3 ] || set -- 0 1 0
    tally dlp-corpus "$1" "$2" "$3" "$log"
}

style() {
    local log=$logs/style.log
    if scripts/check-style.sh >"$log" 2>&1; then
        tally style 1 0 0 "$log"
    else
        tally style 0 1 0 "$log"
    fi
}

unit unit "$build"
unit unit-asan "$asan"
pytests tools tests/tools
pytests conformance-runner tests/conformance
e2e e2e "$build"
e2e e2e-workers2 "$build" "$build/e2e-out-workers2" "--runmode workers --threads 2"
e2e e2e-workers3 "$build" "$build/e2e-out-workers3" "--runmode workers --threads 3"
equivalence "$build"
e2e e2e-asan "$asan"
e2e e2e-asan-workers2 "$asan" "$asan/e2e-out-workers2" "--runmode workers --threads 2"
flood
clang_suite
dlp_corpus
style

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
