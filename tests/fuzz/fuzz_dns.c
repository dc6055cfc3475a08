/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for DNS: byte 0 picks UDP message, TCP framing or probe; EVE dns formatting too. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/dns/dns.h"
#include "core/alloc.h"
#include "output/eve/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz {
    struct dns_ctx *ctx;
    struct eve_output *eo;
    struct eve_dns_config dc;
    struct dns_msg *scratch;
    const uint8_t *lo, *hi; /* the input, for span checks */
};

static void check_name(const struct dns_msg *m, const struct dns_name *n)
{
    if (n->len > DNS_NAME_TEXT_MAX || (size_t)n->off + n->len > m->text_len)
        __builtin_trap();
}

static void check_span(const struct fuzz *fz, struct span s)
{
    if (s.len && (s.p < fz->lo || s.p + s.len > fz->hi))
        __builtin_trap();
}

/* The parser's promises beyond memory safety; a broken one stops the fuzzer. */
static void check_msg(const struct fuzz *fz, const struct dns_msg *m)
{
    if (m->nq > DNS_MAX_QUERIES || m->text_len > DNS_TEXT_ARENA)
        __builtin_trap();
    unsigned total = (unsigned)m->nrr[0] + m->nrr[1] + m->nrr[2];
    if (total > DNS_MAX_RRS)
        __builtin_trap();
    for (unsigned i = 0; i < m->nq; i++)
        check_name(m, &m->q[i].name);
    for (unsigned i = 0; i < total; i++) {
        check_name(m, &m->rr[i].name);
        check_name(m, &m->rr[i].target);
        check_name(m, &m->rr[i].rname);
        check_span(fz, m->rr[i].data);
    }
}

static void forget(struct dns_msg *m)
{
    m->nq = 0;
    memset(m->nrr, 0, sizeof(m->nrr));
}

static void on_tx(void *arg, const struct packet *p, const struct flow *f, const struct dns_tx *tx)
{
    struct fuzz *fz = arg;
    check_msg(fz, tx->msg);
    eve_log_dns(fz->eo, &fz->dc, p, f, tx);
}

static struct fuzz *fuzz_init(void)
{
    static struct fuzz fz;
    struct dns_config cfg;
    struct eve_config ec;
    char err[128];
    dns_config_defaults(&cfg);
    cfg.any_port = true;
    struct dns_hooks hooks = {.on_tx = on_tx, .arg = &fz};
    fz.ctx = dns_ctx_new(&cfg, &hooks);
    memset(&ec, 0, sizeof(ec));
    ec.enabled = true;
    ec.types = EVE_TYPE_DNS;
    memcpy(ec.filename, "/dev/null", sizeof("/dev/null"));
    fz.eo = eve_output_new(&ec, "", err, sizeof(err));
    eve_dns_config_defaults(&fz.dc);
    fz.scratch = kh_calloc(1, sizeof(*fz.scratch));
    if (fz.ctx == NULL || fz.eo == NULL || fz.scratch == NULL)
        __builtin_trap();
    return &fz;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *fz;
    if (fz == NULL)
        fz = fuzz_init();
    if (size < 1)
        return 0;
    struct span in = {.p = data + 1, .len = size - 1};
    struct packet p;
    struct flow f;
    memset(&p, 0, sizeof(p));
    memset(&f, 0, sizeof(f));
    p.payload = in;
    p.proto = 17;
    p.ip_ver = 4;
    p.flow_dir = data[0] & 1;
    p.dp = 53;
    fz->lo = in.p;
    fz->hi = in.p + in.len;
    /* Bit 1: formats and type filter vary, so every logging branch is reached. */
    fz->dc.flags = (data[0] & 2) ? ~0ull : (0x3ull | (1ull << 60) | (1ull << 29));
    struct dns_state *st = NULL;
    switch ((data[0] >> 2) & 3) {
    case 0: /* UDP: detection, then the message in its direction */
        dns_udp(fz->ctx, &st, &f, &p);
        break;
    case 1: { /* TCP framing: feed in two parts as a stream layer would */
        struct span a = {.p = in.p, .len = in.len / 2};
        struct app_result r = dns_tcp(fz->ctx, &st, &f, &p, !(data[0] & 1), a);
        if (r.consumed > a.len || (r.status == APP_STATUS_INCOMPLETE && r.needed == 0))
            __builtin_trap();
        if (r.status != APP_STATUS_ERROR) {
            struct span b = {.p = in.p + r.consumed, .len = in.len - r.consumed};
            r = dns_tcp(fz->ctx, &st, &f, &p, !(data[0] & 1), b);
            if (r.consumed > b.len)
                __builtin_trap();
        }
        break;
    }
    default: { /* the probes, with the scratch message checked after each */
        bool req, inc;
        forget(fz->scratch); /* a probe that stops early leaves the last message there */
        dns_probe(fz->scratch, in, &req);
        check_msg(fz, fz->scratch);
        forget(fz->scratch);
        dns_probe_tcp(fz->scratch, in, &req, &inc);
        check_msg(fz, fz->scratch);
        break;
    }
    }
    dns_state_free(fz->ctx, st);
    return 0;
}
