#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Style gate: clang-format conformance, banned calls, and allocation outside core/alloc.c.
set -u
cd "$(dirname "$0")/.."
status=0
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.c' 'src/*.h' 'tests/*.c' \
    'tests/*.h' | while read -r f; do [ -f "$f" ] && echo "$f"; done)
[ ${#files[@]} -gt 0 ] || exit 0

if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/khien-format.$$; then
    echo "check-style: clang-format differs (run 'make format'):"
    grep -E '^[^ ].*(warning|error):' /tmp/khien-format.$$ | head -20
    status=1
fi
rm -f /tmp/khien-format.$$

# Calls that overflow or hide errors; use snprintf, strtol/strtoul with checks, the cursor.
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atoll|sscanf|gets|alloca)[[:space:]]*\('
if grep -nE "$banned" "${files[@]}" | grep -v '^\S*:[0-9]*:\s*/\?\*'; then
    echo "check-style: banned call (see docs/style.md)"
    status=1
fi

# Bare allocation only in core/alloc.c (and unit tests, which may use the C library freely).
if grep -nE '\b(malloc|calloc|realloc|free)[[:space:]]*\(' $(printf '%s\n' "${files[@]}" |
    grep -v -e '^src/core/alloc.c$' -e '_test\.c$' -e '/test_[a-z_]*\.h$' -e '^tests/') | grep -v 'kh_'; then
    echo "check-style: bare malloc/calloc/realloc/free outside src/core/alloc.c"
    status=1
fi
exit $status
