/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for TLS: input cut into chunks for both directions, as the dispatcher feeds it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/tls/tls.h"
#include "core/alloc.h"
#include "output/eve/tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PEND_MAX (TLS_RECORD_HDR + 32768 + 2) /* the dispatcher's cap: one SSLv2/TLS record */

struct fuzz {
    struct tls_ctx *ctx;
    struct eve_output *eo;
    struct eve_tls_config tc;
    struct flow f;
    uint8_t pend[2][PEND_MAX];
    size_t npend[2];
    bool dead[2];
    unsigned logs;
};

/* The parser's promises beyond memory safety; a broken one stops the fuzzer. */
static void check_state(const struct tls_state *st)
{
    if (strlen(st->sni) > TLS_SNI_MAX || strlen(st->ja4) > TLS_JA4_LEN ||
        strlen(st->ja3) >= TLS_JA3_MAX || st->alpn_len[0] > TLS_ALPN_MAX ||
        st->alpn_len[1] > TLS_ALPN_MAX || strlen(st->cert.subject) >= TLS_DN_MAX)
        __builtin_trap();
    if (st->ja4[0] != '\0' && strlen(st->ja4) != TLS_JA4_LEN)
        __builtin_trap();
}

/* A certificate's chain spans lie inside the bytes parsed and within their cap. */
static void on_server(void *arg, const struct app_input *in, const struct tls_state *st)
{
    (void)arg;
    (void)in;
    if (st->nchain > TLS_CHAIN_MAX || (st->nchain > 0 && st->chain_len == 0 && in->dir == 1))
        __builtin_trap();
    for (unsigned i = 0; i < st->nchain; i++)
        if (st->chain[i].len == 0 || st->chain[i].p == NULL)
            __builtin_trap();
    if (st->client_hs != NULL &&
        (st->client_hs->n_ciphers > TLS_HS_PARAMS_MAX || st->client_hs->n_exts > TLS_HS_PARAMS_MAX))
        __builtin_trap();
}

static void on_log(void *arg, const struct app_input *in, const struct tls_state *st)
{
    struct fuzz *fz = arg;
    if (++fz->logs > 1)
        __builtin_trap(); /* once per flow */
    check_state(st);
    eve_log_tls(fz->eo, &fz->tc, in->p, &fz->f, in->ts_usec, st);
}

static struct fuzz *fuzz_init(void)
{
    static struct fuzz fz;
    struct tls_config cfg;
    struct eve_config ec;
    char err[128];
    tls_config_defaults(&cfg);
    cfg.ja3 = cfg.ja4 = true;
    cfg.hs_reasm_max = 4096; /* small, so the cap is reached */
    cfg.client_handshake = true;
    cfg.keep_der = true;
    struct tls_hooks hooks = {.on_log = on_log, .on_server = on_server, .arg = &fz};
    fz.ctx = tls_ctx_new(&cfg, &hooks);
    memset(&ec, 0, sizeof(ec));
    ec.enabled = true;
    ec.types = EVE_TYPE_TLS;
    memcpy(ec.filename, "/dev/null", sizeof("/dev/null"));
    fz.eo = eve_output_new(&ec, "", err, sizeof(err));
    eve_tls_config_defaults(&fz.tc);
    fz.tc.fields = EVE_TLS_EXTENDED | EVE_TLS_F_SESSION_RESUMED | EVE_TLS_F_CLIENT_HANDSHAKE |
                   EVE_TLS_DER_FIELDS;
    fz.tc.session_resumption = true;
    fz.f.ip_ver = 4;
    fz.f.proto = 6;
    if (fz.ctx == NULL || fz.eo == NULL)
        __builtin_trap();
    return &fz;
}

/* Add a chunk to a direction and parse, keeping what the parser leaves (up to PEND_MAX). */
static void feed(struct fuzz *fz, void **state, int dir, const uint8_t *p, size_t n, uint32_t flags)
{
    if (fz->dead[dir])
        return;
    if (fz->npend[dir] + n > PEND_MAX) {
        fz->dead[dir] = true; /* the dispatcher's cap: it stops feeding the direction */
        return;
    }
    if (n > 0)
        memcpy(fz->pend[dir] + fz->npend[dir], p, n);
    fz->npend[dir] += n;
    struct app_input in = {.f = &fz->f, .dir = dir, .flags = flags};
    in.data.p = fz->pend[dir];
    in.data.len = fz->npend[dir];
    struct app_result r = tls_parse(fz->ctx, state, &in);
    if (r.consumed > fz->npend[dir])
        __builtin_trap();
    if (r.status == APP_STATUS_ERROR) {
        fz->dead[dir] = true;
        return;
    }
    if (r.status == APP_STATUS_INCOMPLETE && r.needed <= fz->npend[dir] - r.consumed)
        __builtin_trap(); /* asked for bytes it already had */
    memmove(fz->pend[dir], fz->pend[dir] + r.consumed, fz->npend[dir] - r.consumed);
    fz->npend[dir] -= r.consumed;
}

/*
 * Input: chunks, each a header byte (bit 0: direction, bit 1: a gap before it, bits 2-7:
 * length minus one, so 1 to 64 bytes) then that many bytes: splits everywhere. The whole input is also tried
 * as a ClientHello body and as a DER certificate.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *fz;
    if (fz == NULL)
        fz = fuzz_init();
    void *state = NULL;
    fz->npend[0] = fz->npend[1] = 0;
    fz->dead[0] = fz->dead[1] = false;
    fz->logs = 0;
    tls_probe(data, size, 0);
    tls_probe(data, size, 1);
    struct cursor c = cur_init(data, size);
    while (c.left > 0) {
        uint8_t h = cur_u8(&c);
        size_t n = (size_t)(h >> 2) + 1;
        struct span chunk = cur_bytes(&c, n < c.left ? n : c.left);
        feed(fz, &state, h & 1, chunk.p, chunk.len, (h & 2) ? APP_INPUT_GAP : 0);
    }
    feed(fz, &state, 0, NULL, 0, APP_INPUT_EOF);
    feed(fz, &state, 1, NULL, 0, APP_INPUT_EOF);
    if (state != NULL) {
        check_state(state);
        tls_state_free(fz->ctx, state);
    }
    if (tls_ctx_stats(fz->ctx)->states != 0)
        __builtin_trap();

    static struct tls_state st;
    static struct tls_hello_lists lists;
    uint32_t ev = 0;
    memset(&st, 0, sizeof(st));
    if (tls_parse_client_hello(&st, &lists, cur_init(data, size), &ev)) {
        char ja3[TLS_JA3_MAX], ja4[TLS_JA4_LEN + 1];
        tls_ja3_text(&lists, ja3, sizeof(ja3));
        tls_ja4(NULL, &lists, ja4);
    }
    struct tls_cert cert;
    struct span der = {data, size};
    tls_cert_decode(NULL, &cert, der);
    return 0;
}
