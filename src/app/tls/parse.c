/* SPDX-License-Identifier: GPL-2.0-only */
/* TLS records and handshake messages over TCP, resumable at any byte; per-flow state. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "tls.h"

struct tls_ctx {
    struct tls_config cfg;
    struct tls_hooks hooks;
    struct tls_stats st;
    struct tls_state *free_list;
    struct tls_state *all;
    uint16_t sh_exts[TLS_LIST_MAX];
    struct tls_digests dg;        /* MD5 (JA3), SHA-256 (JA4), SHA-1 (certificates) */
    struct tls_hello_lists lists; /* scratch for one ClientHello: large, last */
};

static const char *const event_names[TLS_EV_MAX] = {
    [TLS_EV_INVALID_SSLV2_HEADER] = "invalid_sslv2_header",
    [TLS_EV_INVALID_TLS_HEADER] = "invalid_tls_header",
    [TLS_EV_INVALID_RECORD_VERSION] = "invalid_record_version",
    [TLS_EV_INVALID_RECORD_TYPE] = "invalid_record_type",
    [TLS_EV_INVALID_RECORD_LENGTH] = "invalid_record_length",
    [TLS_EV_INVALID_HANDSHAKE_MESSAGE] = "invalid_handshake_message",
    [TLS_EV_HEARTBEAT_MESSAGE] = "heartbeat_message",
    [TLS_EV_HANDSHAKE_INVALID_LENGTH] = "handshake_invalid_length",
    [TLS_EV_MULTIPLE_SNI_EXTENSIONS] = "multiple_sni_extensions",
    [TLS_EV_INVALID_SNI_TYPE] = "invalid_sni_type",
    [TLS_EV_INVALID_SNI_LENGTH] = "invalid_sni_length",
    [TLS_EV_TOO_MANY_RECORDS_IN_PACKET] = "too_many_records_in_packet",
    [TLS_EV_INVALID_CERTIFICATE] = "invalid_certificate",
    [TLS_EV_CERTIFICATE_INVALID_LENGTH] = "certificate_invalid_length",
    [TLS_EV_CERTIFICATE_INVALID_DER] = "certificate_invalid_der",
};

const char *tls_event_name(enum tls_event ev)
{
    return (unsigned)ev < TLS_EV_MAX ? event_names[ev] : NULL;
}

void tls_version_name(uint16_t v, char out[32])
{
    const char *s = NULL;
    switch (v) {
    case 0:
        s = "UNDETERMINED";
        break;
    case TLS_VERSION_SSL2:
        s = "SSLv2";
        break;
    case TLS_VERSION_SSL3:
        s = "SSLv3";
        break;
    case TLS_VERSION_10:
        s = "TLSv1";
        break;
    case TLS_VERSION_11:
        s = "TLS 1.1";
        break;
    case TLS_VERSION_12:
        s = "TLS 1.2";
        break;
    case TLS_VERSION_13:
        s = "TLS 1.3";
        break;
    default:
        break;
    }
    if (s != NULL)
        snprintf(out, 32, "%s", s);
    else if ((v >> 8) == 0x7f && (v & 0xff) >= 16 && (v & 0xff) <= 28)
        snprintf(out, 32, "TLS 1.3 draft-%u", v & 0xffu); /* draft-NN is 0x7fNN */
    else if ((v >> 8) == 0x7f && (v & 0xff) < 16)
        snprintf(out, 32, "TLS 1.3 draft-<16");
    else
        snprintf(out, 32, "0x%04x", v);
}

void tls_config_defaults(struct tls_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->enabled = true;
    cfg->ports[0] = 443;
    cfg->nports = 1;
    cfg->ja4 = true;
    cfg->max_states = 32768;
    cfg->hs_reasm_max = TLS_HS_REASM_DEFAULT;
}

struct tls_ctx *tls_ctx_new(const struct tls_config *cfg, const struct tls_hooks *hooks)
{
    struct tls_ctx *ctx = kh_calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NULL;
    ctx->cfg = *cfg;
    if (ctx->cfg.hs_reasm_max < TLS_HS_HDR)
        ctx->cfg.hs_reasm_max = TLS_HS_HDR;
    if (hooks != NULL)
        ctx->hooks = *hooks;
    if (!tls_digests_init(&ctx->dg)) {
        kh_free(ctx);
        return NULL;
    }
    return ctx;
}

void tls_ctx_free(struct tls_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (struct tls_state *s = ctx->all, *next; s != NULL; s = next) {
        next = s->next_all;
        kh_free(s->dir[0].hs_buf);
        kh_free(s->dir[1].hs_buf);
        kh_free(s->client_cert);
        kh_free(s->client_hs);
        kh_free(s->der[0]);
        kh_free(s->der[1]);
        kh_free(s);
    }
    tls_digests_fini(&ctx->dg);
    kh_free(ctx);
}

const struct tls_stats *tls_ctx_stats(const struct tls_ctx *ctx)
{
    return &ctx->st;
}

/* A state from the free list or the heap (once per flow); none past max_states. */
static struct tls_state *state_get(struct tls_ctx *ctx)
{
    if (ctx->st.states >= ctx->cfg.max_states) {
        ctx->st.state_memcap++;
        return NULL;
    }
    struct tls_state *st = ctx->free_list;
    struct tls_state *next_all = ctx->all;
    if (st != NULL) {
        ctx->free_list = st->next_free;
        next_all = st->next_all; /* already on the list */
    } else if ((st = kh_malloc(sizeof(*st))) != NULL) {
        ctx->all = st;
    } else {
        ctx->st.state_memcap++;
        return NULL;
    }
    memset(st, 0, sizeof(*st));
    st->next_all = next_all;
    ctx->st.states++;
    return st;
}

void tls_state_free(void *pctx, void *state)
{
    struct tls_ctx *ctx = pctx;
    struct tls_state *st = state;
    if (st == NULL)
        return;
    for (int d = 0; d < 2; d++)
        kh_free(st->dir[d].hs_buf);
    st->dir[0].hs_buf = st->dir[1].hs_buf = NULL;
    kh_free(st->client_cert);
    st->client_cert = NULL;
    kh_free(st->client_hs);
    st->client_hs = NULL;
    for (int d = 0; d < 2; d++) {
        kh_free(st->der[d]);
        st->der[d] = NULL;
    }
    st->next_free = ctx->free_list;
    ctx->free_list = st;
    ctx->st.states--;
}

/* ---- probe ---- */

static bool sslv2_client_hello(const uint8_t *d, size_t len)
{
    /* 2-byte header with the top bit set, msg type 1, version 0x0002 or 0x03xx */
    return len >= 5 && (d[0] & 0x80) && d[2] == 1 && ((d[3] == 0 && d[4] == 2) || d[3] == 3);
}

enum app_probe tls_probe(const uint8_t *data, size_t len, int dir)
{
    if (len == 0)
        return APP_PROBE_MORE;
    if (dir == 0 && sslv2_client_hello(data, len))
        return APP_PROBE_YES;
    if (data[0] != TLS_CT_HANDSHAKE)
        return (dir == 0 && (data[0] & 0x80) && len < 5) ? APP_PROBE_MORE : APP_PROBE_NO;
    if (len < 2)
        return APP_PROBE_MORE;
    if (data[1] != 3)
        return APP_PROBE_NO;
    /*
     * To the server a handshake record header of SSL 3.0 to TLS 1.2 is enough, as
     * Suricata's pattern-based detection has it (|16 03 00| .. |16 03 03| at offset 0):
     * suricata-verify's http-connect-tls tunnels "16 03 00" and zeros and expects tls.
     */
    if (dir == 0) {
        if (len < 3)
            return APP_PROBE_MORE;
        return data[2] <= 3 ? APP_PROBE_YES : APP_PROBE_NO;
    }
    if (len < 6)
        return APP_PROBE_MORE;
    return data[5] == TLS_HS_SERVER_HELLO ? APP_PROBE_YES : APP_PROBE_NO;
}

/* ---- parsing ---- */

/* What one call works with. */
struct run {
    struct tls_ctx *ctx;
    struct tls_state *st;
    const struct app_input *in;
    int d;
};

static void ev_raise(struct run *r, enum tls_event ev)
{
    if (r->st->events & (1u << ev))
        return; /* once per flow and event (policy: no floods from one bad peer) */
    r->st->events |= 1u << ev;
    if (r->ctx->hooks.on_event != NULL)
        r->ctx->hooks.on_event(r->ctx->hooks.arg, r->in, r->st, ev);
}

static void raise_bits(struct run *r, uint32_t bits)
{
    for (unsigned e = 0; e < TLS_EV_MAX; e++)
        if (bits & (1u << e))
            ev_raise(r, (enum tls_event)e);
}

static void maybe_log(struct run *r, bool force)
{
    struct tls_state *st = r->st;
    if (st->flags & TLS_F_LOGGED)
        return;
    /*
     * Suricata 8 logs a full handshake once the client's hello and the server's
     * ServerHelloDone are in: before the client's key exchange, or without one (verify
     * tests tls-pre-1970, tls-glupteba, bug-2646-02). Otherwise (resumption, TLS 1.3)
     * when both sides are done: ChangeCipherSpec or encrypted records.
     */
    bool hello_done = (st->flags & TLS_F_SERVER_HELLO_DONE) && (st->flags & TLS_F_CLIENT_HELLO);
    /* after a CertificateRequest, Suricata waits for the client's certificate (its record
     * holds the client object: verify test tls-eve-custom-fields) */
    if ((st->flags & TLS_F_CERT_REQUEST) && !(st->flags & TLS_F_CLIENT_CERT))
        hello_done = false;
    bool done = hello_done || ((st->flags & TLS_F_CLIENT_DONE) && (st->flags & TLS_F_SERVER_DONE));
    if (!done && !force)
        return;
    st->flags |= TLS_F_LOGGED;
    if (r->ctx->hooks.on_log != NULL)
        r->ctx->hooks.on_log(r->ctx->hooks.arg, r->in, st);
}

/* GREASE-free values of a list, up to TLS_HS_PARAMS_MAX. */
static uint16_t copy_no_grease(uint16_t *out, const uint16_t *in, unsigned n)
{
    uint16_t k = 0;
    for (unsigned i = 0; i < n && k < TLS_HS_PARAMS_MAX; i++)
        if (!tls_is_grease(in[i]))
            out[k++] = in[i];
    return k;
}

/* The ClientHello's lists for EVE client_handshake, in a block allocated for them. */
static void keep_hs_params(struct run *r, const struct tls_hello_lists *h)
{
    struct tls_state *st = r->st;
    if (st->client_hs == NULL && (st->client_hs = kh_malloc(sizeof(*st->client_hs))) == NULL) {
        r->ctx->st.reasm_nomem++;
        return;
    }
    struct tls_hs_params *hp = st->client_hs;
    hp->version = h->max_supported ? h->max_supported : h->version;
    hp->n_ciphers = copy_no_grease(hp->ciphers, h->ciphers, h->n_ciphers);
    hp->n_exts = copy_no_grease(hp->exts, h->exts, h->n_exts);
    hp->n_sigalgs = copy_no_grease(hp->sigalgs, h->sigalgs, h->n_sigalgs);
}

static void on_client_hello(struct run *r, struct cursor body)
{
    struct tls_state *st = r->st;
    struct tls_hello_lists *h = &r->ctx->lists;
    uint32_t ev = 0;
    if (st->flags & TLS_F_CLIENT_HELLO)
        return; /* a second hello (after HelloRetryRequest): the first one is kept */
    bool ok = tls_parse_client_hello(st, h, body, &ev);
    raise_bits(r, ev);
    if (!ok)
        return;
    st->flags |= TLS_F_CLIENT_HELLO;
    r->ctx->st.lists_cut += h->cut;
    if (r->ctx->cfg.ja3) {
        if (tls_ja3_text(h, st->ja3, sizeof(st->ja3)))
            tls_md5_hex(&r->ctx->dg, st->ja3, strlen(st->ja3), st->ja3_hash);
        else
            r->ctx->st.ja3_too_long++;
    }
    if (r->ctx->cfg.ja4)
        tls_ja4(&r->ctx->dg, h, st->ja4);
    if (r->ctx->cfg.client_handshake)
        keep_hs_params(r, h);
    if (r->ctx->hooks.on_client_hello != NULL)
        r->ctx->hooks.on_client_hello(r->ctx->hooks.arg, r->in, st);
}

/* RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest. */
static const uint8_t hrr_random[32] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

static void on_server_hello(struct run *r, struct cursor body)
{
    struct tls_state *st = r->st;
    uint32_t ev = 0;
    unsigned n = 0;
    uint16_t legacy = 0;
    if (st->flags & TLS_F_SERVER_HELLO)
        return;
    if (body.left >= 34 && memcmp(body.p + 2, hrr_random, sizeof(hrr_random)) == 0)
        return; /* a HelloRetryRequest: the real ServerHello follows in plaintext */
    bool ok = tls_parse_server_hello(st, body, r->ctx->sh_exts, &n, &legacy, &ev);
    raise_bits(r, ev);
    if (!ok)
        return;
    st->flags |= TLS_F_SERVER_HELLO;
    if (st->server_version == TLS_VERSION_13 || (st->server_version >> 8) == 0x7f) {
        /* the rest of the server's handshake, certificate included, is encrypted */
        st->flags |= TLS_F_LOG_WITHOUT_CERT;
        st->dir[1].encrypted = true;
    }
    if (r->ctx->cfg.ja3) {
        if (tls_ja3s_text(legacy, st->cipher, r->ctx->sh_exts, n, st->ja3s, sizeof(st->ja3s)))
            tls_md5_hex(&r->ctx->dg, st->ja3s, strlen(st->ja3s), st->ja3s_hash);
        else
            r->ctx->st.ja3_too_long++;
    }
    if (r->ctx->hooks.on_server != NULL)
        r->ctx->hooks.on_server(r->ctx->hooks.arg, r->in, st);
}

/*
 * Walk the chain: every u24 certificate is counted (the server's count is tls.cert_chain_len),
 * the first TLS_CHAIN_MAX kept as spans.
 */
static bool read_chain(struct run *r, struct cursor list)
{
    struct tls_state *st = r->st;
    uint32_t count = 0;
    st->nchain = 0;
    while (list.left > 0) {
        uint32_t len = (uint32_t)cur_u8(&list) << 16;
        len |= cur_be16(&list);
        struct span der = cur_bytes(&list, len);
        if (list.bad || len == 0)
            return false;
        count++;
        if (r->d == 1)
            st->chain_len = count;
        if (st->nchain < TLS_CHAIN_MAX)
            st->chain[st->nchain++] = der;
    }
    r->ctx->st.chain_cut += count > TLS_CHAIN_MAX;
    return true;
}

/* Copy the chain's DER for EVE certificate / chain, in one block sized to it. */
static void keep_der(struct run *r)
{
    struct tls_state *st = r->st;
    size_t total = 0;
    for (unsigned i = 0; i < st->nchain; i++)
        total += st->chain[i].len; /* within the message: at most hs_reasm_max */
    struct tls_der *der = kh_malloc(sizeof(*der) + total);
    if (der == NULL) {
        r->ctx->st.reasm_nomem++;
        return;
    }
    der->n = st->nchain;
    size_t at = 0;
    for (unsigned i = 0; i < st->nchain; i++) {
        der->off[i] = (uint32_t)at;
        der->len[i] = (uint32_t)st->chain[i].len;
        memcpy(der->bytes + at, st->chain[i].p, st->chain[i].len);
        at += st->chain[i].len;
    }
    kh_free(st->der[r->d]);
    st->der[r->d] = der;
}

/*
 * Where a side's first certificate goes: the state's for the server, a block allocated when
 * a client sends one (rare: only after a CertificateRequest). NULL when already read or no
 * memory (counted).
 */
static struct tls_cert *cert_slot(struct run *r)
{
    struct tls_state *st = r->st;
    if (r->d == 1)
        return (st->flags & TLS_F_CERT) ? NULL : &st->cert;
    if (st->flags & TLS_F_CLIENT_CERT)
        return NULL;
    if (st->client_cert == NULL && (st->client_cert = kh_malloc(sizeof(*st->client_cert))) == NULL)
        r->ctx->st.reasm_nomem++;
    return st->client_cert;
}

/* Certificate (TLS 1.2 and before): a u24 list of u24 DER certificates; the first is decoded. */
static void on_certificate(struct run *r, struct cursor body)
{
    struct tls_state *st = r->st;
    struct tls_cert *cert = cert_slot(r);
    if (cert == NULL)
        return;
    uint32_t list_len = (uint32_t)cur_u8(&body) << 16;
    list_len |= cur_be16(&body);
    struct cursor list = cur_sub(&body, list_len);
    if (list.bad) {
        ev_raise(r, TLS_EV_CERTIFICATE_INVALID_LENGTH);
        return;
    }
    if (list.left == 0)
        return; /* no certificate (anonymous, or a client without one) */
    if (!read_chain(r, list)) {
        ev_raise(r, TLS_EV_CERTIFICATE_INVALID_LENGTH);
        if (st->nchain == 0)
            return; /* the certificates before a bad length are still read */
    }
    if (!tls_cert_decode(&r->ctx->dg, cert, st->chain[0])) {
        st->nchain = 0;
        ev_raise(r, TLS_EV_CERTIFICATE_INVALID_DER);
        return;
    }
    st->flags |= r->d == 1 ? TLS_F_CERT : TLS_F_CLIENT_CERT;
    if (r->ctx->cfg.keep_der)
        keep_der(r);
    r->ctx->st.certs++;
    r->ctx->st.cert_text_cut += cert->cut;
    if (r->ctx->hooks.on_server != NULL)
        r->ctx->hooks.on_server(r->ctx->hooks.arg, r->in, st);
    st->nchain = 0; /* the spans point into the message, which is gone after this */
}

static bool hs_type_known(uint8_t t)
{
    return t <= 6 || t == 8 || (t >= 11 && t <= 16) || (t >= 20 && t <= 25) || t == 254;
}

/* One whole handshake message (header included). */
static void hs_message(struct run *r, struct cursor msg)
{
    uint8_t type = cur_u8(&msg);
    cur_skip(&msg, 3);
    r->ctx->st.handshakes++;
    if (!hs_type_known(type)) {
        ev_raise(r, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
        return;
    }
    if (type == TLS_HS_SERVER_HELLO_DONE && r->d == 1) {
        r->st->flags |= TLS_F_SERVER_HELLO_DONE;
        maybe_log(r, false);
    } else if (type == TLS_HS_CERTIFICATE_REQUEST && r->d == 1) {
        r->st->flags |= TLS_F_CERT_REQUEST;
    } else if (type == TLS_HS_CLIENT_HELLO && r->d == 0) {
        on_client_hello(r, msg);
    } else if (type == TLS_HS_SERVER_HELLO && r->d == 1) {
        on_server_hello(r, msg);
    } else if (type == TLS_HS_CERTIFICATE) {
        on_certificate(r, msg);
        if (r->d == 0)
            maybe_log(r, false); /* the client's certificate the server asked for */
    }
}

/* Length of a handshake message from its 4-byte header. */
static uint32_t hs_total(const uint8_t h[TLS_HS_HDR])
{
    return TLS_HS_HDR + ((uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3]);
}

/* Continue a message spanning records: append from body; run it when whole. */
static void hs_continue(struct run *r, struct tls_dir *td, struct cursor *body)
{
    if (td->hs_len < TLS_HS_HDR) {
        size_t take = TLS_HS_HDR - td->hs_len;
        take = take < body->left ? take : body->left;
        cur_copy(body, td->hs_buf + td->hs_len, take);
        td->hs_len += (uint32_t)take;
        if (td->hs_len < TLS_HS_HDR)
            return;
        uint32_t total = hs_total(td->hs_buf);
        if (total > r->ctx->cfg.hs_reasm_max) {
            r->ctx->st.reasm_skipped++;
            ev_raise(r, TLS_EV_HANDSHAKE_INVALID_LENGTH);
            td->hs_skip = total - td->hs_len;
            td->hs_len = 0;
            return;
        }
    }
    uint32_t total = hs_total(td->hs_buf);
    size_t take = total - td->hs_len;
    take = take < body->left ? take : body->left;
    cur_copy(body, td->hs_buf + td->hs_len, take);
    td->hs_len += (uint32_t)take;
    if (td->hs_len == total) {
        td->hs_len = 0;
        r->ctx->st.reasm_msgs++;
        hs_message(r, cur_init(td->hs_buf, total));
    }
}

/* Start keeping a message that runs past its record (buffer allocated once per direction). */
static void hs_start(struct run *r, struct tls_dir *td, struct cursor *body)
{
    if (body->left >= TLS_HS_HDR && hs_total(body->p) > r->ctx->cfg.hs_reasm_max) {
        r->ctx->st.reasm_skipped++;
        ev_raise(r, TLS_EV_HANDSHAKE_INVALID_LENGTH);
        td->hs_skip = (uint32_t)(hs_total(body->p) - body->left);
        cur_skip(body, body->left);
        return;
    }
    if (td->hs_buf == NULL)
        td->hs_buf = kh_malloc(r->ctx->cfg.hs_reasm_max);
    if (td->hs_buf == NULL) {
        r->ctx->st.reasm_nomem++;
        cur_skip(body, body->left); /* policy: the message is lost, framing is kept */
        return;
    }
    td->hs_len = 0;
    hs_continue(r, td, body);
}

/* The handshake messages in one plaintext handshake record. */
static void hs_record(struct run *r, struct cursor body)
{
    struct tls_dir *td = &r->st->dir[r->d];
    while (body.left > 0 && !body.bad) {
        if (td->hs_skip > 0) {
            size_t n = td->hs_skip < body.left ? td->hs_skip : body.left;
            cur_skip(&body, n);
            td->hs_skip -= (uint32_t)n;
        } else if (td->hs_len > 0) {
            hs_continue(r, td, &body);
        } else if (body.left >= TLS_HS_HDR && hs_total(body.p) <= body.left) {
            hs_message(r, cur_sub(&body, hs_total(body.p)));
        } else {
            hs_start(r, td, &body);
        }
    }
}

/* The direction's handshake is over: ChangeCipherSpec, or encrypted records flow. */
static void dir_done(struct run *r)
{
    r->st->flags |= r->d == 0 ? TLS_F_CLIENT_DONE : TLS_F_SERVER_DONE;
    maybe_log(r, false);
}

/* A whole record of a type the parser reads. */
static void record(struct run *r, uint8_t type, struct cursor body)
{
    struct tls_dir *td = &r->st->dir[r->d];
    switch (type) {
    case TLS_CT_CHANGE_CIPHER_SPEC:
        /*
         * A server's CCS before its ServerHello follows a HelloRetryRequest (TLS 1.3
         * middlebox compatibility, RFC 8446 D.4): the real ServerHello is still plaintext.
         */
        if (r->d == 1 && !(r->st->flags & TLS_F_SERVER_HELLO))
            break;
        r->st->flags |= r->d == 0 ? TLS_F_CLIENT_CCS : TLS_F_SERVER_CCS;
        td->encrypted = true;
        td->hs_len = 0;
        td->hs_skip = 0;
        dir_done(r);
        break;
    case TLS_CT_HANDSHAKE:
        hs_record(r, body);
        break;
    default: /* alerts: nothing logged from them yet */
        break;
    }
}

/* After a gap: does this look like the start of a record? */
static bool looks_like_record(const uint8_t *p, size_t n)
{
    if (n < TLS_RECORD_HDR)
        return false;
    uint16_t len = (uint16_t)(p[3] << 8 | p[4]);
    return p[0] >= TLS_CT_CHANGE_CIPHER_SPEC && p[0] <= TLS_CT_HEARTBEAT && p[1] == 3 &&
           p[2] <= 4 && len <= TLS_RECORD_MAX;
}

static struct app_result result(enum app_status s, const struct cursor *c, const uint8_t *start,
                                uint32_t needed)
{
    struct app_result res = {
        .status = s, .consumed = (uint32_t)cur_offset(c, start), .needed = needed};
    return res;
}

/* An SSLv2-compatible ClientHello (RFC 5246 E.2): the version, then skipped. */
static bool sslv2_hello(struct run *r, struct cursor *c, uint32_t *needed)
{
    size_t len = ((size_t)(c->p[0] & 0x7f) << 8 | c->p[1]) + 2;
    if (len < 9) {
        ev_raise(r, TLS_EV_INVALID_SSLV2_HEADER);
        cur_skip(c, c->left);
        return true;
    }
    if (c->left < len) {
        *needed = (uint32_t)len;
        return false;
    }
    struct cursor rec = cur_sub(c, len);
    cur_skip(&rec, 3);
    r->st->client_version = cur_be16(&rec);
    r->st->flags |= TLS_F_SSLV2_HELLO | TLS_F_CLIENT_HELLO;
    return true;
}

/* Read a record header; false (event raised) when it cannot be TLS. */
static bool record_header(struct run *r, const uint8_t *p, uint8_t *type, uint16_t *len)
{
    struct cursor h = cur_init(p, TLS_RECORD_HDR);
    *type = cur_u8(&h);
    uint16_t version = cur_be16(&h);
    *len = cur_be16(&h);
    if (*type < TLS_CT_CHANGE_CIPHER_SPEC || *type > TLS_CT_HEARTBEAT) {
        ev_raise(r, TLS_EV_INVALID_RECORD_TYPE);
        return false;
    }
    if ((version >> 8) != 3) {
        ev_raise(r, TLS_EV_INVALID_RECORD_VERSION);
        return false;
    }
    if (*len > TLS_RECORD_MAX) {
        ev_raise(r, TLS_EV_INVALID_RECORD_LENGTH);
        return false;
    }
    r->st->dir[r->d].rec_version = version;
    if (r->d == 1 && !(r->st->flags & TLS_F_SERVER_HELLO))
        r->st->server_version = version; /* Suricata's until a ServerHello says */
    return true;
}

/* Start skipping an opaque record: application data, heartbeat, encrypted handshake. */
static void opaque_record(struct run *r, struct cursor *c, uint8_t type, uint16_t len)
{
    struct tls_dir *td = &r->st->dir[r->d];
    if (type == TLS_CT_HEARTBEAT)
        ev_raise(r, TLS_EV_HEARTBEAT_MESSAGE);
    cur_skip(c, TLS_RECORD_HDR);
    td->rec_skip = len;
    if (type != TLS_CT_APPLICATION_DATA)
        return;
    dir_done(r);
    uint32_t both = TLS_F_CLIENT_CCS | TLS_F_SERVER_CCS;
    if ((r->st->flags & both) == both && !(r->st->flags & TLS_F_ENCRYPTED)) {
        r->st->flags |= TLS_F_ENCRYPTED;
        if (r->ctx->cfg.encryption != TLS_ENC_FULL && r->ctx->hooks.on_encrypted != NULL)
            r->ctx->hooks.on_encrypted(r->ctx->hooks.arg, r->in, r->st);
    }
}

/*
 * Frame records. Opaque records (application data, heartbeat, anything after
 * ChangeCipherSpec) are skipped as their bytes arrive; the others are parsed whole, so the
 * dispatcher holds at most one record (TLS_RECORD_HDR + TLS_RECORD_MAX bytes).
 */
static struct app_result records(struct run *r, struct cursor *c, const uint8_t *start)
{
    struct tls_dir *td = &r->st->dir[r->d];
    unsigned nrec = 0;
    while (c->left > 0) {
        if (td->rec_skip > 0) {
            size_t n = td->rec_skip < c->left ? td->rec_skip : c->left;
            cur_skip(c, n);
            td->rec_skip -= (uint32_t)n;
            continue;
        }
        if (c->left < TLS_RECORD_HDR)
            return result(APP_STATUS_INCOMPLETE, c, start, TLS_RECORD_HDR);
        uint32_t needed = 0;
        if (r->d == 0 && td->records == 0 && sslv2_client_hello(c->p, c->left)) {
            if (!sslv2_hello(r, c, &needed))
                return result(APP_STATUS_INCOMPLETE, c, start, needed);
            td->records++;
            continue;
        }
        uint8_t type;
        uint16_t len;
        if (!record_header(r, c->p, &type, &len))
            return result(APP_STATUS_ERROR, c, start, 0);
        if (++nrec == TLS_RECORDS_PER_CALL + 1)
            ev_raise(r, TLS_EV_TOO_MANY_RECORDS_IN_PACKET);
        bool opaque = type == TLS_CT_APPLICATION_DATA || type == TLS_CT_HEARTBEAT ||
                      (td->encrypted && type == TLS_CT_HANDSHAKE);
        if (!opaque && c->left < (size_t)TLS_RECORD_HDR + len)
            return result(APP_STATUS_INCOMPLETE, c, start, TLS_RECORD_HDR + (uint32_t)len);
        td->records++;
        r->ctx->st.records++;
        if (opaque) {
            opaque_record(r, c, type, len);
            continue;
        }
        cur_skip(c, TLS_RECORD_HDR);
        record(r, type, cur_sub(c, len));
    }
    return result(APP_STATUS_OK, c, start, 0);
}

struct app_result tls_parse(void *pctx, void **state, const struct app_input *in)
{
    struct tls_ctx *ctx = pctx;
    struct app_result res = {.status = APP_STATUS_OK, .consumed = (uint32_t)in->data.len};
    if (*state == NULL && (*state = state_get(ctx)) == NULL) {
        res.status = APP_STATUS_ERROR; /* over max_states: counted, the flow is not parsed */
        res.consumed = 0;
        return res;
    }
    struct run r = {.ctx = ctx, .st = *state, .in = in, .d = in->dir ? 1 : 0};
    struct tls_dir *td = &r.st->dir[r.d];
    struct cursor c = cur_init(in->data.p, in->data.len);
    if (in->flags & APP_INPUT_GAP) {
        td->rec_skip = td->hs_len = td->hs_skip = 0;
        td->lost = true;
    }
    if (td->lost) {
        if (!looks_like_record(c.p, c.left)) {
            /* keep waiting: too short to tell means "give me more", else drop it */
            if (c.left < TLS_RECORD_HDR && !(in->flags & APP_INPUT_EOF))
                return result(APP_STATUS_INCOMPLETE, &c, in->data.p, TLS_RECORD_HDR);
            cur_skip(&c, c.left);
        } else {
            td->lost = false;
        }
    }
    if (!td->lost)
        res = records(&r, &c, in->data.p);
    if (res.status == APP_STATUS_ERROR) {
        ctx->st.errors++;
        maybe_log(&r, (r.st->flags & (TLS_F_CLIENT_HELLO | TLS_F_SERVER_HELLO)) != 0);
    } else if (in->flags & APP_INPUT_EOF) {
        maybe_log(&r, true);
    }
    return res;
}

struct app_tcp_proto tls_tcp_proto(struct tls_ctx *ctx)
{
    struct app_tcp_proto p = {
        .id = APP_PROTO_TLS,
        .ports = {0},
        .probe = tls_probe,
        .parse = tls_parse,
        .state_free = tls_state_free,
        .pctx = ctx,
    };
    for (unsigned i = 0; i < ctx->cfg.nports && i < 4; i++)
        p.ports[i] = ctx->cfg.ports[i];
    return p;
}
