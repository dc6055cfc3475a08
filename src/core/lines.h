/* SPDX-License-Identifier: GPL-2.0-only */
/* Text files line by line (dataset, iprep files): bounded, no copy. */
#ifndef KH_CORE_LINES_H
#define KH_CORE_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct text_line {
    const uint8_t *p; /* inside the buffer; not NUL-terminated */
    size_t len;       /* without the "\n" and trailing "\r" and spaces */
    uint32_t no;      /* from 1, for messages naming file and line */
};

/* The line at *pos of buf[0, len), then *pos past it; false when buf is used up. Start with
 * *pos 0 and l->no 0. */
static inline bool text_line_next(const uint8_t *buf, size_t len, size_t *pos, struct text_line *l)
{
    if (*pos >= len)
        return false;
    const uint8_t *nl = memchr(buf + *pos, '\n', len - *pos);
    size_t end = nl ? (size_t)(nl - buf) : len;
    l->p = buf + *pos;
    l->len = end - *pos;
    l->no++;
    while (l->len > 0 && (l->p[l->len - 1] == '\r' || l->p[l->len - 1] == ' '))
        l->len--;
    *pos = end + 1;
    return true;
}

#endif
