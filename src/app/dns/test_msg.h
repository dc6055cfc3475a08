/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit-test helper: build DNS messages field by field, so each test reads like the message. */
#ifndef KH_APP_DNS_TEST_MSG_H
#define KH_APP_DNS_TEST_MSG_H

#include <stdint.h>
#include <string.h>

struct tmsg {
    uint8_t b[8192];
    size_t n;
};

static inline void t_u8(struct tmsg *m, unsigned v)
{
    m->b[m->n++] = (uint8_t)v;
}

static inline void t_u16(struct tmsg *m, unsigned v)
{
    t_u8(m, v >> 8);
    t_u8(m, v & 0xff);
}

static inline void t_u32(struct tmsg *m, uint32_t v)
{
    t_u16(m, v >> 16);
    t_u16(m, v & 0xffff);
}

static inline void t_bytes(struct tmsg *m, const void *p, size_t n)
{
    memcpy(m->b + m->n, p, n);
    m->n += n;
}

/* Labels of a dotted name, without the root (so a pointer may follow). */
static inline void t_labels(struct tmsg *m, const char *name)
{
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t len = dot ? (size_t)(dot - name) : strlen(name);
        t_u8(m, (unsigned)len);
        t_bytes(m, name, len);
        name += len + (dot ? 1 : 0);
    }
}

/* A whole name ending in the root label. */
static inline void t_name(struct tmsg *m, const char *name)
{
    t_labels(m, name);
    t_u8(m, 0);
}

static inline void t_header(struct tmsg *m, unsigned id, unsigned flags, unsigned qd, unsigned an,
                            unsigned ns, unsigned ar)
{
    m->n = 0;
    t_u16(m, id);
    t_u16(m, flags);
    t_u16(m, qd);
    t_u16(m, an);
    t_u16(m, ns);
    t_u16(m, ar);
}

static inline void t_question(struct tmsg *m, const char *name, unsigned type)
{
    t_name(m, name);
    t_u16(m, type);
    t_u16(m, 1);
}

/* Owner name (a pointer when ptr != 0), type, class IN, ttl; returns where RDLENGTH goes. */
static inline size_t t_rr_start(struct tmsg *m, unsigned ptr, const char *name, unsigned type,
                                uint32_t ttl)
{
    if (ptr)
        t_u16(m, 0xc000 | ptr);
    else
        t_name(m, name);
    t_u16(m, type);
    t_u16(m, 1);
    t_u32(m, ttl);
    size_t at = m->n;
    t_u16(m, 0);
    return at;
}

/* Patch RDLENGTH once the rdata is written. */
static inline void t_rr_end(struct tmsg *m, size_t at)
{
    size_t len = m->n - at - 2;
    m->b[at] = (uint8_t)(len >> 8);
    m->b[at + 1] = (uint8_t)len;
}

#endif
