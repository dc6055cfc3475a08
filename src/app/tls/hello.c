/* SPDX-License-Identifier: GPL-2.0-only */
/* ClientHello and ServerHello bodies (RFC 8446 4.1.2-4.1.3, RFC 5246 7.4.1, RFC 6066 3). */
#include <string.h>

#include "tls.h"

#define EXT_SERVER_NAME        0
#define EXT_SUPPORTED_GROUPS   10
#define EXT_EC_POINT_FORMATS   11
#define EXT_SIGNATURE_ALGS     13
#define EXT_ALPN               16
#define EXT_SUPPORTED_VERSIONS 43

/*
 * A child cursor over a length-prefixed field (1- or 2-byte length): bad, like its parent,
 * when the length itself could not be read.
 */
static struct cursor sub_len(struct cursor *c, int width)
{
    size_t len = width == 1 ? cur_u8(c) : cur_be16(c);
    struct cursor sub = cur_sub(c, len);
    if (c->bad)
        sub.bad = true;
    return sub;
}

static void list_add(uint16_t *list, uint16_t *n, uint16_t v, bool *cut)
{
    if (*n < TLS_LIST_MAX)
        list[(*n)++] = v;
    else
        *cut = true;
}

/* A u16 list behind a u16 length; false when the length is odd or runs past the extension. */
static bool read_u16_list(struct cursor *c, unsigned lenbytes, uint16_t *list, uint16_t *n,
                          bool *cut)
{
    struct cursor l = sub_len(c, (int)lenbytes);
    if (l.bad || l.left % 2)
        return false;
    while (l.left >= 2)
        list_add(list, n, cur_be16(&l), cut);
    return true;
}

/* server_name: a list of (type, u16 name); Suricata keeps the first host_name. */
static bool read_sni(struct tls_state *st, struct cursor c, uint32_t *ev)
{
    if (st->flags & TLS_F_SNI) {
        *ev |= 1u << TLS_EV_MULTIPLE_SNI_EXTENSIONS;
        return true;
    }
    st->flags |= TLS_F_SNI;
    struct cursor list = sub_len(&c, 2);
    if (list.bad || list.left == 0)
        return true; /* an empty server_name (servers echo it this way) */
    uint8_t type = cur_u8(&list);
    if (type != 0) {
        *ev |= 1u << TLS_EV_INVALID_SNI_TYPE;
        return true;
    }
    uint16_t len = cur_be16(&list);
    if (list.bad || len > list.left || len > TLS_SNI_MAX) {
        *ev |= 1u << TLS_EV_INVALID_SNI_LENGTH;
        return true;
    }
    struct span name = cur_bytes(&list, len);
    memcpy(st->sni, name.p, name.len);
    st->sni[name.len] = '\0';
    return true;
}

/* ALPN: a u16 list of u8-length names. Kept as on the wire; the first name feeds JA4. */
static bool read_alpn(struct tls_state *st, int side, struct tls_hello_lists *h, struct cursor c)
{
    struct cursor list = sub_len(&c, 2);
    if (list.bad)
        return false;
    struct span all = {.p = list.p, .len = list.left};
    bool first = true;
    while (list.left > 0) {
        struct span name = cur_bytes(&list, cur_u8(&list));
        if (list.bad)
            return false;
        if (first && h != NULL && name.len > 0) {
            h->alpn_first[0] = name.p[0];
            h->alpn_first[1] = name.p[name.len - 1];
            h->alpn_first_len = name.len > 1 ? 2 : 1;
        }
        first = false;
    }
    size_t keep = all.len < TLS_ALPN_MAX ? all.len : 0; /* a list over the cap is not kept */
    memcpy(st->alpn[side], all.p, keep);
    st->alpn_len[side] = (uint16_t)keep;
    return true;
}

/* One ClientHello extension; false when its body is malformed. */
static bool client_ext(struct tls_state *st, struct tls_hello_lists *h, uint16_t type,
                       struct cursor body, uint32_t *ev)
{
    switch (type) {
    case EXT_SERVER_NAME:
        h->sni = true;
        return read_sni(st, body, ev);
    case EXT_SUPPORTED_GROUPS:
        return read_u16_list(&body, 2, h->groups, &h->n_groups, &h->cut);
    case EXT_EC_POINT_FORMATS: {
        struct cursor l = sub_len(&body, 1);
        while (!l.bad && l.left > 0) {
            uint8_t pf = cur_u8(&l);
            if (h->n_pf < TLS_LIST_MAX)
                h->pf[h->n_pf++] = pf;
            else
                h->cut = true;
        }
        return !l.bad;
    }
    case EXT_SIGNATURE_ALGS:
        return read_u16_list(&body, 2, h->sigalgs, &h->n_sigalgs, &h->cut);
    case EXT_ALPN:
        return read_alpn(st, 0, h, body);
    case EXT_SUPPORTED_VERSIONS: {
        uint16_t vers[TLS_LIST_MAX], n = 0;
        bool cut = false;
        if (!read_u16_list(&body, 1, vers, &n, &cut))
            return false;
        for (unsigned i = 0; i < n; i++)
            if (!tls_is_grease(vers[i]) && vers[i] > h->max_supported && vers[i] <= 0x0304)
                h->max_supported = vers[i];
        return true;
    }
    default:
        return true;
    }
}

/* legacy_version, random, session id: the same in both hellos. */
static uint16_t hello_head(struct tls_state *st, int side, struct cursor *c, uint32_t *ev)
{
    uint16_t version = cur_be16(c);
    cur_copy(c, st->random[side], 32);
    st->has_random[side] = !c->bad;
    uint8_t sid_len = cur_u8(c);
    if (sid_len > 32) {
        *ev |= 1u << TLS_EV_INVALID_HANDSHAKE_MESSAGE;
        cur_fail(c);
        return 0;
    }
    cur_copy(c, st->sid[side], sid_len);
    st->sid_len[side] = c->bad ? 0 : sid_len;
    return version;
}

bool tls_parse_client_hello(struct tls_state *st, struct tls_hello_lists *h, struct cursor c,
                            uint32_t *ev)
{
    memset(h, 0, offsetof(struct tls_hello_lists, ciphers));
    h->version = hello_head(st, 0, &c, ev);
    struct cursor ciphers = sub_len(&c, 2);
    struct cursor comp = sub_len(&c, 1);
    if (c.bad || ciphers.left % 2 || comp.left == 0) {
        *ev |= 1u << TLS_EV_INVALID_HANDSHAKE_MESSAGE;
        return false;
    }
    while (ciphers.left >= 2)
        list_add(h->ciphers, &h->n_ciphers, cur_be16(&ciphers), &h->cut);
    st->client_version = h->version;
    if (c.left == 0)
        return true; /* no extensions (SSLv3, old TLS) */
    struct cursor exts = sub_len(&c, 2);
    while (!exts.bad && exts.left > 0) {
        uint16_t type = cur_be16(&exts);
        struct cursor body = sub_len(&exts, 2);
        if (exts.bad)
            break;
        list_add(h->exts, &h->n_exts, type, &h->cut);
        if (!client_ext(st, h, type, body, ev)) {
            *ev |= 1u << TLS_EV_INVALID_HANDSHAKE_MESSAGE;
            return false;
        }
    }
    if (exts.bad) {
        *ev |= 1u << TLS_EV_INVALID_HANDSHAKE_MESSAGE;
        return false;
    }
    return true;
}

bool tls_parse_server_hello(struct tls_state *st, struct cursor c, uint16_t *exts, unsigned *n,
                            uint16_t *legacy_version, uint32_t *ev)
{
    *n = 0;
    uint16_t version;
    bool draft = c.left >= 2 && (c.p[0] == 0x7f || (c.p[0] == 3 && c.p[1] == 4));
    if (draft) {
        /*
         * TLS 1.3 drafts before 22 put their version here (0x7fNN, or 0x0304 before draft
         * 16) and have no session id or compression. Suricata calls 0x0304 in this field
         * "draft-<16", since a final TLS 1.3 ServerHello says 0x0303 here.
         */
        version = cur_be16(&c);
        cur_copy(&c, st->random[1], 32);
        st->has_random[1] = !c.bad;
        if (version == TLS_VERSION_13 || version < 0x7f10)
            version = TLS_VERSION_13_PRE_DRAFT16;
    } else {
        version = hello_head(st, 1, &c, ev);
    }
    uint16_t cipher = cur_be16(&c);
    if (!draft)
        cur_skip(&c, 1); /* compression */
    if (c.bad) {
        *ev |= 1u << TLS_EV_INVALID_HANDSHAKE_MESSAGE;
        return false;
    }
    *legacy_version = version;
    st->cipher = cipher;
    struct cursor ext_list = c.left > 0 ? sub_len(&c, 2) : c; /* extensions are optional */
    while (!ext_list.bad && ext_list.left > 0) {
        uint16_t type = cur_be16(&ext_list);
        struct cursor body = sub_len(&ext_list, 2);
        if (ext_list.bad)
            break;
        if (*n < TLS_LIST_MAX)
            exts[(*n)++] = type;
        if (type == EXT_SUPPORTED_VERSIONS) {
            uint16_t v = cur_be16(&body);
            if (!body.bad)
                version = v;
        } else if (type == EXT_ALPN) {
            read_alpn(st, 1, NULL, body);
        }
    }
    if (ext_list.bad) {
        *ev |= 1u << TLS_EV_INVALID_HANDSHAKE_MESSAGE;
        return false;
    }
    st->server_version = version;
    /* Suricata: resumed when the server echoes a non-empty client session id. */
    if (st->sid_len[0] > 0 && st->sid_len[0] == st->sid_len[1] &&
        memcmp(st->sid[0], st->sid[1], st->sid_len[0]) == 0)
        st->flags |= TLS_F_RESUMED;
    return true;
}
