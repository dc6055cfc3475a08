/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target for the matcher on hostile buffers: transforms (gunzip, zlib_deflate too),
 * bsize, base64_decode and base64_data, tls.version, xbits, entropy and pcre captures into
 * flowvars/pktvars, response bodies in pieces (inspection sizes and windows, relative
 * contents searched again), on a fixed rule set; the input is split into the buffers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "core/log.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "flow/flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules[] =
    "alert dns any any -> any any (dns.query; dotprefix; content:\".evil\"; endswith; "
    "bsize:<64; sid:1;)\n"
    "alert http any any -> any any (http.uri; url_decode; compress_whitespace; to_lowercase; "
    "content:\"a b\"; sid:2;)\n"
    "alert http any any -> any any (http.uri; content:\"=\"; base64_decode:bytes 40,offset 1,"
    "relative; base64_data; content:\"root\"; isdataat:2,relative; sid:3;)\n"
    "alert http any any -> any any (http.header_names; strip_whitespace; content:\"Host\"; "
    "to_uppercase; sid:4;)\n"
    "alert tls any any -> any any (tls.version:1.2; tls.cert_subject; content:\"CN=\"; sid:5;)\n"
    "alert tcp any any -> any any (content:\"X\"; base64_decode; base64_data; content:\"Y\"; "
    "xbits:set,b,track ip_pair; sid:6;)\n"
    "alert tcp any any -> any any (content:\"Z\"; xbits:isset,b,track ip_src; "
    "flowint:n,+,1; stream_size:either,>,3; sid:7;)\n"
    "alert http any any -> any any (http.uri; gunzip: max-size 70000; content:\"k\"; sid:8;)\n"
    "alert http any any -> any any (http.uri; zlib_deflate; to_lowercase; content:\"k\"; "
    "sid:9;)\n"
    "alert http any any -> any any (http.uri; pcre:\"/(?P<flow_a>[a-z]*)(\\d*)/, pkt:n\"; "
    "entropy: offset 1, bytes 8, value >1; sid:10;)\n"
    "alert tcp any any -> any any (entropy: value <4; pcre:\"/(.)(.)(.)(.)(.)(.)(.)(.)/s, "
    "flow:a,flow:b,flow:c,flow:d,flow:e,flow:f,flow:g,pkt:h\"; sid:11;)\n"
    "alert dns any any -> any any (dns.query; to_lowercase; entropy: !1-2.5; sid:12;)\n"
    "alert http any any -> any any (file_data; content:\"<s\"; content:\"<\"; distance:0; "
    "content:\".l\"; distance:0; within:40; pcre:\"/^\\s*\\(/R\"; sid:13;)\n"
    "alert http any any -> any any (http.uri; content:\"/d/\"; fast_pattern; file_data; "
    "content:\"MZ\"; depth:2; sid:14;)\n";

/* Built once and kept for the whole run (reachable, so not reported as leaks). */
static struct detect_rules *r;
static struct detect_engine *de;
static struct detect_thread *dt;

static void init(void)
{
    char err[512];
    kh_log_set_level(KH_LOG_ERROR);
    struct detect_load_opts o = {.text = rules, .text_name = "fuzz.rules"};
    r = detect_rules_load(&o, err, sizeof(err));
    de = r ? detect_engine_new(r, err, sizeof(err)) : NULL;
    dt = de ? detect_thread_new(de) : NULL;
    if (dt == NULL)
        __builtin_trap();
}

/* The next piece of the input: up to the next 0xff byte. */
static struct span piece(const uint8_t **p, size_t *left)
{
    const uint8_t *end = memchr(*p, 0xff, *left);
    size_t n = end ? (size_t)(end - *p) : *left;
    struct span s = {*p, n};
    *p += n + (end != NULL);
    *left -= n + (end != NULL);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (dt == NULL)
        init();
    static const enum detect_txb bufs[] = {DETECT_TXB_DNS_QUERY, DETECT_TXB_URI,
                                           DETECT_TXB_HEADER_NAMES, DETECT_TXB_TLS_VERSION,
                                           DETECT_TXB_CERT_SUBJECT};
    static const uint8_t protos[] = {APP_PROTO_DNS, APP_PROTO_HTTP, APP_PROTO_HTTP, APP_PROTO_TLS,
                                     APP_PROTO_TLS};
    struct flow f;
    struct packet p;
    memset(&f, 0, sizeof(f));
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.flags = PKT_HAS_L4 | PKT_WANTS_FLOW;
    p.flow = &f;
    p.ts_usec = 1000000;
    p.src.b[3] = size ? data[0] : 1;
    struct detect_stream_sizes ss = {.client = size, .server = 1, .known = true};
    detect_set_stream_sizes(dt, &ss);
    const struct detect_alert *al;
    const uint8_t *at = data;
    size_t left = size;
    for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++) {
        struct detect_tx_input in = {.app_proto = protos[i], .tx_id = i, .body_dir = -1};
        in.buf[bufs[i]] = piece(&at, &left);
        in.have = DETECT_TXB_BIT(bufs[i]);
        f.app_proto = protos[i];
        detect_tx(dt, &p, &in, &al);
    }
    /* a response body in pieces, with small inspection sizes so that every path runs */
    f.app_proto = APP_PROTO_HTTP;
    struct detect_tx_input hdr = {.app_proto = APP_PROTO_HTTP, .tx_id = 7, .body_dir = -1};
    hdr.buf[DETECT_TXB_URI] = (struct span){(const uint8_t *)"/d/x", 4};
    hdr.have = DETECT_TXB_BIT(DETECT_TXB_URI);
    detect_tx(dt, &p, &hdr, &al);
    uint32_t min = size > 1 ? data[1] : 0, win = size > 2 ? data[2] : 0;
    for (int k = 0; k < 4 && left > 0; k++) {
        struct detect_tx_input b = hdr;
        b.body_dir = 1;
        b.body = piece(&at, &left);
        b.body_min = min;
        b.body_window = win;
        b.body_last = k == 3 || left == 0;
        detect_tx(dt, &p, &b, &al);
    }
    f.app_proto = APP_PROTO_UNKNOWN;
    p.payload = piece(&at, &left);
    detect_packet(dt, &p, (struct span){NULL, 0}, 0, &al);
    struct detect_var vars[32];
    size_t nv = detect_flow_vars(&f, &p, vars, 32);
    static volatile uint8_t sink;
    for (size_t i = 0; i < nv; i++) /* what EVE would read: in bounds (ASan checks) */
        for (uint32_t j = 0; j < vars[i].len; j++)
            sink ^= vars[i].value[j];
    detect_flow_free(dt, &f);
    return 0;
}
