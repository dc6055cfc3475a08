/* SPDX-License-Identifier: GPL-2.0-only */
/* The keyword registry built from keywords.def, and the value helpers keyword parsers share. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/compiler.h"
#include "detect/rules/parse.h"

static const struct detect_kw registry[DETECT_KW_MAX] = {
#define X(id, nm, kd, fl, fn, buf)                                                                 \
    [DETECT_KW_##id] = {.name = nm,                                                                \
                        .kind = DETECT_KW_KIND_##kd,                                               \
                        .flags = (fl),                                                             \
                        .parse = fn,                                                               \
                        .buffer = DETECT_KW_##buf},
#include "detect/rules/keywords.def"
#undef X
};

const struct detect_kw *detect_kw_get(enum detect_kw_id id)
{
    BUG_ON((unsigned)id >= DETECT_KW_MAX);
    return &registry[id];
}

int detect_kw_lookup(const char *name, size_t len)
{
    if (len == 0)
        return -1;
    int first = tolower((unsigned char)name[0]);
    for (int i = 0; i < DETECT_KW_MAX; i++)
        if (registry[i].name[0] == first && strncasecmp(registry[i].name, name, len) == 0 &&
            registry[i].name[len] == '\0')
            return i;
    return -1;
}

bool kw_parse_u64(const char *s, bool hex, uint64_t max, uint64_t *out)
{
    char *end;
    int base = 10;
    if (hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!isxdigit((unsigned char)*s))
            return false;
    } else if (!isdigit((unsigned char)*s)) {
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, base);
    if (errno != 0 || *end != '\0' || v > max)
        return false;
    *out = v;
    return true;
}

bool kw_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    if (!isdigit((unsigned char)*s) && !(*s == '-' && isdigit((unsigned char)s[1])) &&
        !(*s == '+' && isdigit((unsigned char)s[1])))
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

char *kw_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

char *kw_next_field(char **s)
{
    if (*s == NULL)
        return NULL;
    char *start = *s, *comma = strchr(start, ',');
    if (comma != NULL) {
        *comma = '\0';
        *s = comma + 1;
    } else {
        *s = NULL;
    }
    return kw_trim(start);
}

char *kw_unquote(char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s[n - 1] = '\0';
        return s + 1;
    }
    return s;
}
