/* SPDX-License-Identifier: GPL-2.0-only */
/* EVE "tls" records as Suricata 8 writes them (output-json-tls.c) and the eve-log tls options. */
#include "tls.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/compiler.h"
#include "core/err.h"
#include "core/log.h"
#include "eve_internal.h"

/* custom: names, as Suricata spells them; bit 0 for those khien does not write yet. */
static const struct {
    const char *name;
    uint32_t bit;
} custom_fields[] = {
    {"subject", EVE_TLS_F_SUBJECT},
    {"issuer", EVE_TLS_F_ISSUER},
    {"session_resumed", EVE_TLS_F_SESSION_RESUMED},
    {"serial", EVE_TLS_F_SERIAL},
    {"fingerprint", EVE_TLS_F_FINGERPRINT},
    {"sni", EVE_TLS_F_SNI},
    {"version", EVE_TLS_F_VERSION},
    {"not_before", EVE_TLS_F_NOTBEFORE},
    {"not_after", EVE_TLS_F_NOTAFTER},
    {"ja3", EVE_TLS_F_JA3},
    {"ja3s", EVE_TLS_F_JA3S},
    {"ja4", EVE_TLS_F_JA4},
    {"client_alpns", EVE_TLS_F_CLIENT_ALPNS},
    {"server_alpns", EVE_TLS_F_SERVER_ALPNS},
    {"certificate", EVE_TLS_F_CERTIFICATE},
    {"chain", EVE_TLS_F_CHAIN},
    {"subjectaltname", EVE_TLS_F_SUBJECTALTNAME},
    {"client", EVE_TLS_F_CLIENT},
    {"client_certificate", EVE_TLS_F_CLIENT_CERTIFICATE},
    {"client_chain", EVE_TLS_F_CLIENT_CHAIN},
    {"client_handshake", EVE_TLS_F_CLIENT_HANDSHAKE},
    {"server_handshake", 0},
};

void eve_tls_config_defaults(struct eve_tls_config *tc)
{
    /* OutputTlsInitCtx with no options node: basic fields, resumptions not logged */
    memset(tc, 0, sizeof(*tc));
    tc->fields = EVE_TLS_BASIC;
    tc->session_resumption = false;
}

static void read_custom(struct eve_tls_config *tc, const struct conf_node *custom)
{
    tc->fields = 0;
    for (const struct conf_node *n = custom->first_child; n != NULL; n = n->next) {
        size_t i = 0;
        while (i < KH_ARRAY_LEN(custom_fields) &&
               (n->value == NULL || strcasecmp(custom_fields[i].name, n->value) != 0))
            i++;
        if (i == KH_ARRAY_LEN(custom_fields))
            kh_warn("eve-log tls: unknown custom field '%s'", n->value ? n->value : "");
        else if (custom_fields[i].bit == 0)
            kh_info("eve-log tls: custom field '%s' is not written yet", n->value);
        else
            tc->fields |= custom_fields[i].bit;
    }
}

int eve_tls_config_read(struct eve_tls_config *tc, const struct conf_node *node, char *errbuf,
                        size_t errlen)
{
    eve_tls_config_defaults(tc);
    if (node == NULL)
        return KH_OK;
    bool extended = false, resumption = true;
    int err = conf_node_bool(conf_node_child(node, "extended"), &extended, errbuf, errlen);
    if (err == KH_OK || err == KH_ENOENT)
        err = conf_node_bool(conf_node_child(node, "session-resumption"), &resumption, errbuf,
                             errlen);
    if (err != KH_OK && err != KH_ENOENT)
        return err;
    if (extended)
        tc->fields = EVE_TLS_EXTENDED;
    const struct conf_node *custom = conf_node_child(node, "custom");
    if (custom != NULL)
        read_custom(tc, custom);
    /* Suricata 8 adds session_resumed to any field set unless session-resumption: no */
    tc->session_resumption = resumption;
    if (resumption)
        tc->fields |= EVE_TLS_F_SESSION_RESUMED;
    return KH_OK;
}

/* Suricata's session_resumed: resumed, no certificate, a ServerHello, not TLS 1.3. */
static void put_resumed(struct jbuf *jb, const struct tls_state *st)
{
    if ((st->flags & TLS_F_RESUMED) && !(st->flags & TLS_F_CERT) &&
        (st->flags & TLS_F_SERVER_HELLO) && !(st->flags & TLS_F_LOG_WITHOUT_CERT))
        jb_bool(jb, "session_resumed", true);
}

static void put_time(struct jbuf *jb, const char *key, int64_t secs)
{
    struct tm tm;
    time_t t = (time_t)secs;
    char buf[32];
    if (secs == 0 || gmtime_r(&t, &tm) == NULL)
        return; /* Suricata skips 0 (its "unset") */
    size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    jb_str_plain(jb, key, buf, n);
}

static void put_ja(struct jbuf *jb, const char *key, const char *hash, const char *text)
{
    if (hash[0] == '\0' && text[0] == '\0')
        return;
    jb_open_object(jb, key);
    if (hash[0] != '\0')
        jb_str_plain(jb, "hash", hash, strlen(hash));
    if (text[0] != '\0')
        jb_str_plain(jb, "string", text, strlen(text));
    jb_close_object(jb);
}

/* An ALPN list (u8-length names, as on the wire) as an array of strings. */
static void put_alpns(struct jbuf *jb, const char *key, const uint8_t *list, size_t len)
{
    if (len == 0)
        return;
    struct cursor c = cur_init(list, len);
    jb_open_array(jb, key);
    while (c.left > 0) {
        struct span name = cur_bytes(&c, cur_u8(&c));
        if (c.bad)
            break;
        jb_strn(jb, NULL, name.p, name.len);
    }
    jb_close_array(jb);
}

/* One certificate as a base64 string (key NULL inside an array). */
static void put_b64(struct jbuf *jb, const char *key, const struct tls_der *der, unsigned i)
{
    size_t n = der->len[i];
    char *out = jb_member(jb, key, (n + 2) / 3 * 4 + 3); /* quotes and the NUL */
    if (out == NULL)
        return; /* over the record cap: the record is dropped and counted */
    *out++ = '"';
    out = eve_base64(der->bytes + der->off[i], n, out);
    *out++ = '"';
    jb->len = (size_t)(out - jb->buf);
}

/* "certificate" (the first) and "chain" (all), as Suricata writes them. */
static void put_der(struct jbuf *jb, const struct tls_der *der, bool cert, bool chain)
{
    if (der == NULL || der->n == 0)
        return;
    if (cert)
        put_b64(jb, "certificate", der, 0);
    if (chain) {
        jb_open_array(jb, "chain");
        for (unsigned i = 0; i < der->n; i++)
            put_b64(jb, NULL, der, i);
        jb_close_array(jb);
    }
}

/* "client": the client certificate's names, serial, fingerprint and dates. */
static void put_client(struct jbuf *jb, const struct tls_cert *c, const struct tls_der *der,
                       uint32_t want)
{
    jb_open_object(jb, "client");
    if (c->subject[0])
        jb_str(jb, "subject", c->subject);
    if (c->issuer[0])
        jb_str(jb, "issuerdn", c->issuer);
    if (c->fingerprint[0])
        jb_str_plain(jb, "fingerprint", c->fingerprint, strlen(c->fingerprint));
    if (c->serial[0])
        jb_str_plain(jb, "serial", c->serial, strlen(c->serial));
    if (c->has_dates) {
        put_time(jb, "notbefore", c->not_before);
        put_time(jb, "notafter", c->not_after);
    }
    put_der(jb, der, want & EVE_TLS_F_CLIENT_CERTIFICATE, want & EVE_TLS_F_CLIENT_CHAIN);
    jb_close_object(jb);
}

static void put_u16_list(struct jbuf *jb, const char *key, const uint16_t *v, unsigned n)
{
    jb_open_array(jb, key);
    for (unsigned i = 0; i < n; i++)
        jb_u64(jb, NULL, v[i]);
    jb_close_array(jb);
}

/* "client_handshake": version, ciphers, exts, sig_algs of the ClientHello (no GREASE). */
static void put_client_hs(struct jbuf *jb, const struct tls_hs_params *hp)
{
    char v[32];
    tls_version_name(hp->version, v);
    jb_open_object(jb, "client_handshake");
    jb_str_plain(jb, "version", v, strlen(v));
    put_u16_list(jb, "ciphers", hp->ciphers, hp->n_ciphers);
    put_u16_list(jb, "exts", hp->exts, hp->n_exts);
    put_u16_list(jb, "sig_algs", hp->sigalgs, hp->n_sigalgs);
    jb_close_object(jb);
}

/* The fields, in Suricata's order; `want` is the set to write. */
static void put_fields(struct jbuf *jb, const struct tls_state *st, uint32_t want)
{
    const struct tls_cert *c = &st->cert;
    bool cert = st->flags & TLS_F_CERT;
    if ((want & EVE_TLS_F_SUBJECT) && cert)
        jb_str(jb, "subject", c->subject);
    if ((want & EVE_TLS_F_ISSUER) && cert)
        jb_str(jb, "issuerdn", c->issuer);
    if ((want & EVE_TLS_F_SUBJECTALTNAME) && cert && c->nsan > 0) {
        jb_open_array(jb, "subjectaltname");
        for (unsigned i = 0; i < c->nsan; i++)
            jb_strn(jb, NULL, c->san_text + c->san_off[i], c->san_len[i]);
        jb_close_array(jb);
    }
    if (want & EVE_TLS_F_SESSION_RESUMED)
        put_resumed(jb, st);
    if ((want & EVE_TLS_F_SERIAL) && cert && c->serial[0])
        jb_str_plain(jb, "serial", c->serial, strlen(c->serial));
    if ((want & EVE_TLS_F_FINGERPRINT) && cert && c->fingerprint[0])
        jb_str_plain(jb, "fingerprint", c->fingerprint, strlen(c->fingerprint));
    if ((want & EVE_TLS_F_SNI) && st->sni[0])
        jb_str(jb, "sni", st->sni);
    if (want & EVE_TLS_F_VERSION) {
        char v[32];
        /* only a ClientHello seen: the client's version (Suricata 8.0.3, bug-5713-01) */
        tls_version_name(st->server_version ? st->server_version : st->client_version, v);
        jb_str_plain(jb, "version", v, strlen(v));
    }
    if ((want & EVE_TLS_F_NOTBEFORE) && cert && c->has_dates)
        put_time(jb, "notbefore", c->not_before);
    if ((want & EVE_TLS_F_NOTAFTER) && cert && c->has_dates)
        put_time(jb, "notafter", c->not_after);
    if (cert)
        put_der(jb, st->der[1], want & EVE_TLS_F_CERTIFICATE, want & EVE_TLS_F_CHAIN);
    if (want & EVE_TLS_F_JA3)
        put_ja(jb, "ja3", st->ja3_hash, st->ja3);
    if (want & EVE_TLS_F_JA3S)
        put_ja(jb, "ja3s", st->ja3s_hash, st->ja3s);
    if ((want & EVE_TLS_F_JA4) && st->ja4[0])
        jb_str_plain(jb, "ja4", st->ja4, strlen(st->ja4));
    if (want & EVE_TLS_F_CLIENT_ALPNS)
        put_alpns(jb, "client_alpns", st->alpn[0], st->alpn_len[0]);
    if (want & EVE_TLS_F_SERVER_ALPNS)
        put_alpns(jb, "server_alpns", st->alpn[1], st->alpn_len[1]);
    if ((want & EVE_TLS_F_CLIENT) && (st->flags & TLS_F_CLIENT_CERT) && st->client_cert != NULL)
        put_client(jb, st->client_cert, st->der[0], want);
    if ((want & EVE_TLS_F_CLIENT_HANDSHAKE) && st->client_hs != NULL)
        put_client_hs(jb, st->client_hs);
}

void eve_put_tls_object(struct jbuf *jb, const struct tls_state *st)
{
    jb_open_object(jb, "tls");
    put_fields(jb, st, EVE_TLS_EXTENDED);
    jb_close_object(jb);
}

/*
 * JsonTlsLogger's gate: a certificate, a resumption (if logged), or TLS 1.3. Suricata 8.0.3
 * also logs a flow that saw only a ClientHello (verify test bug-5713-01): no ServerHello.
 */
static bool wanted(const struct eve_tls_config *tc, const struct tls_state *st)
{
    return (st->flags & TLS_F_CERT) || ((st->flags & TLS_F_RESUMED) && tc->session_resumption) ||
           (st->flags & TLS_F_LOG_WITHOUT_CERT) ||
           ((st->flags & TLS_F_CLIENT_HELLO) && !(st->flags & TLS_F_SERVER_HELLO));
}

void eve_log_tls(struct eve_output *eo, const struct eve_tls_config *tc, const struct packet *p,
                 const struct flow *f, uint64_t ts_usec, const struct tls_state *st)
{
    if (!(eo->cfg.types & EVE_TYPE_TLS) || f == NULL || !wanted(tc, st))
        return;
    struct jbuf *jb = &eo->jb;
    eve_begin(eo, p ? p->ts_usec : ts_usec, f->id, p ? p->pcap_cnt : 0, "tls");
    if (p != NULL)
        eve_put_vlans(jb, p->vlan, p->vlan_cnt);
    eve_put_flow_tuple(eo, f); /* LOG_DIR_FLOW: the flow's to-server direction */
    if (p == NULL)
        jb_str_plain(jb, "pkt_src", "stream (flow timeout)", 21);
    else if (p->tunnel_depth == 0)
        jb_str_plain(jb, "pkt_src", "wire/pcap", 9);
    eve_put_community_id(eo, f);
    jb_open_object(jb, "tls");
    put_fields(jb, st, tc->fields);
    jb_close_object(jb);
    eve_end(eo, EVE_TYPE_TLS);
}
