/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for bsize, urilen, tls.version, the transforms, base64_decode/base64_data and
 * the HTTP header, certificate and fingerprint buffers, on crafted transactions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/app.h"
#include "detect/detect.h"
#include "detect/match.h"
#include "detect/transform.h"
#include "flow/flow.h"
#include "detect/test_fx.h"

#define B(n) (1ull << (n))

static struct span sp(const char *s)
{
    return (struct span){(const uint8_t *)s, strlen(s)};
}

static void put(struct detect_tx_input *in, enum detect_txb b, const char *s)
{
    in->buf[b] = sp(s);
    in->have |= DETECT_TXB_BIT(b);
}

/* The sids alerting on a new transaction (a fresh tx_id each call) with in's buffers. */
static uint64_t run_tx(struct fxf *x, struct detect_tx_input *in)
{
    static uint64_t next_tx;
    const struct detect_alert *al;
    in->tx_id = next_tx++;
    in->body_dir = -1;
    size_t n = detect_tx(x->dt, &x->p, in, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= B(al[i].s->sid);
    return m;
}

static uint64_t dns_query(struct fxf *x, const char *q)
{
    struct detect_tx_input in = {.app_proto = APP_PROTO_DNS};
    put(&in, DETECT_TXB_DNS_QUERY, q);
    return run_tx(x, &in);
}

/* bsize: =, <, >, <=, >=, ranges (exclusive), and bsize alone in a buffer. */
static void test_bsize(void **state)
{
    (void)state;
    const char *rules =
        "alert dns any any -> any any (dns.query; content:\"google.com\"; bsize:10; sid:1;)\n"
        "alert dns any any -> any any (dns.query; content:\"google.com\"; bsize:<25; sid:2;)\n"
        "alert dns any any -> any any (dns.query; content:\"google.com\"; bsize:>8; sid:3;)\n"
        "alert dns any any -> any any (dns.query; content:\"google.com\"; bsize:8<>20; sid:4;)\n"
        "alert dns any any -> any any (dns.query; content:\"google.com\"; bsize:10<>20; "
        "sid:5;)\n"
        "alert dns any any -> any any (dns.query; content:\"google\"; bsize:<=10; sid:6;)\n"
        "alert dns any any -> any any (dns.query; bsize:>=14; sid:7;)\n"
        "alert dns any any -> any any (dns.query; content:\"google.com\"; bsize:!10; sid:8;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_DNS, 80);
    assert_int_equal(dns_query(&x, "google.com"), B(1) | B(2) | B(3) | B(4) | B(6));
    assert_int_equal(dns_query(&x, "www.google.com"), B(2) | B(3) | B(4) | B(5) | B(7) | B(8));
    assert_int_equal(dns_query(&x, "x"), 0);
    fxf_fini(&x);
}

/* dotprefix: ".evil.com" then matches the domain and its subdomains, not "notevil.com". */
static void test_dotprefix(void **state)
{
    (void)state;
    const char *rules = "alert dns any any -> any any (dns.query; dotprefix; "
                        "content:\".evil.com\"; endswith; sid:1;)\n"
                        "alert dns any any -> any any (dns.query; dotprefix; "
                        "content:\".Bad.ORG\"; nocase; endswith; fast_pattern; sid:2;)\n"
                        "alert dns any any -> any any (dns.query; dotprefix; content:\".x\"; "
                        "startswith; bsize:4; sid:3;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_DNS, 80);
    assert_int_equal(dns_query(&x, "evil.com"), B(1));
    assert_int_equal(dns_query(&x, "a.b.evil.com"), B(1));
    assert_int_equal(dns_query(&x, "notevil.com"), 0);
    assert_int_equal(dns_query(&x, "evil.com.org"), 0);
    assert_int_equal(dns_query(&x, "www.bad.org"), B(2));
    assert_int_equal(dns_query(&x, "xbad.org"), 0);
    /* bsize counts the transformed buffer: ".x.y" is 4 bytes */
    assert_int_equal(dns_query(&x, "x.y"), B(3));
    assert_int_equal(dns_query(&x, "x.yz"), 0);
    fxf_fini(&x);
}

/* The other transforms khien applies, chained in rule order. */
static void test_transforms(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.uri; to_lowercase; content:\"/admin\"; sid:1;)\n"
        "alert http any any -> any any (http.uri; strip_whitespace; content:\"/a/b\"; sid:2;)\n"
        "alert http any any -> any any (http.uri; compress_whitespace; content:\"a b\"; "
        "sid:3;)\n"
        "alert http any any -> any any (http.uri.raw; url_decode; content:\"/x y=<\"; sid:4;)\n"
        "alert http any any -> any any (http.uri; to_uppercase; to_lowercase; "
        "content:\"abc\"; bsize:3; sid:5;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_HTTP, 80);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP};
    put(&in, DETECT_TXB_URI, "/ADMIN");
    assert_int_equal(run_tx(&x, &in), B(1));
    put(&in, DETECT_TXB_URI, "/a /\tb");
    assert_int_equal(run_tx(&x, &in), B(2));
    put(&in, DETECT_TXB_URI, "a  \t b");
    assert_int_equal(run_tx(&x, &in), B(3));
    put(&in, DETECT_TXB_URI, "ABC");
    put(&in, DETECT_TXB_URI_RAW, "/x+y=%3c%zz");
    assert_int_equal(run_tx(&x, &in), B(4) | B(5));
    fxf_fini(&x);
}

/* The transform and base64 helpers on their own: cuts, invalid escapes, padding. */
static void test_transform_helpers(void **state)
{
    (void)state;
    uint8_t out[16];
    assert_int_equal(detect_base64_decode((const uint8_t *)"aGVsbG8=", 8, out, sizeof(out)), 5);
    assert_memory_equal(out, "hello", 5);
    /* line breaks are skipped, decoding stops at a byte outside the alphabet */
    assert_int_equal(detect_base64_decode((const uint8_t *)"aGVs\r\nbG8!AAAA", 15, out, 16), 5);
    /* the output is capped */
    assert_int_equal(detect_base64_decode((const uint8_t *)"aGVsbG8=", 8, out, 2), 2);
    assert_int_equal(detect_base64_decode((const uint8_t *)"", 0, out, 2), 0);
}

/* urilen on http.uri (norm, the default) or http.uri.raw. */
static void test_urilen(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (content:\"/a\"; http_uri; urilen:>5; sid:1;)\n"
        "alert http any any -> any any (urilen:4,raw; sid:2;)\n"
        "alert tcp any any -> any any (urilen:2<>6,norm; content:\"GET\"; http_method; "
        "sid:3;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_HTTP, 80);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP};
    put(&in, DETECT_TXB_METHOD, "GET");
    put(&in, DETECT_TXB_URI, "/a/b/c");
    put(&in, DETECT_TXB_URI_RAW, "/a/./b/c");
    assert_int_equal(run_tx(&x, &in), B(1));
    put(&in, DETECT_TXB_URI, "/a/b");
    put(&in, DETECT_TXB_URI_RAW, "/a/b");
    assert_int_equal(run_tx(&x, &in), B(2) | B(3));
    /* without the URI buffer a urilen signature does not run */
    in.have &= ~(DETECT_TXB_BIT(DETECT_TXB_URI) | DETECT_TXB_BIT(DETECT_TXB_URI_RAW));
    assert_int_equal(run_tx(&x, &in), 0);
    fxf_fini(&x);
}

/* The HTTP header buffers: names, single headers, lines and the legacy content modifiers. */
static void test_http_header_buffers(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.header_names; content:\"|0d 0a|Host|0d 0a|"
        "User-Agent|0d 0a 0d 0a|\"; sid:1;)\n"
        "alert http any any -> any any (http.header_names; content:!\"Referer\"; "
        "content:\"|0d 0a|Host\"; sid:2;)\n"
        "alert http any any -> any any (http.content_type; content:\"text/html\"; "
        "http.server; content:\"nginx\"; sid:3;)\n"
        "alert http any any -> any any (http.request_line; content:\"GET /x HTTP/1.1\"; "
        "bsize:15; sid:4;)\n"
        "alert http any any -> any any (http.accept_enc; content:\"gzip\"; http.accept_lang; "
        "content:\"en\"; http.connection; content:\"close\"; http.accept; content:\"*/*\"; "
        "sid:5;)\n"
        "alert http any any -> any any (content:\"OK\"; http_stat_msg; http.response_line; "
        "content:\"HTTP/1.1 200 OK\"; http.protocol; content:\"HTTP/1.1\"; sid:6;)\n"
        "alert http any any -> any any (http.start; content:\"HTTP/1.1|0d 0a|Host\"; "
        "http.content_len; content:\"12\"; sid:7;)\n"
        "alert http any any -> any any (content:\"X-Raw:  a\"; http_raw_header; "
        "http.host.raw; content:\"Example\"; http.location; content:\"/y\"; http.referer; "
        "content:\"ref\"; sid:8;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_HTTP, 80);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP};
    put(&in, DETECT_TXB_HEADER_NAMES, "\r\nHost\r\nUser-Agent\r\n\r\n");
    assert_int_equal(run_tx(&x, &in), B(1) | B(2));
    put(&in, DETECT_TXB_HEADER_NAMES, "\r\nHost\r\nReferer\r\n\r\n");
    put(&in, DETECT_TXB_CONTENT_TYPE, "text/html; charset=utf-8");
    put(&in, DETECT_TXB_SERVER, "nginx/1.2");
    put(&in, DETECT_TXB_REQUEST_LINE, "GET /x HTTP/1.1");
    assert_int_equal(run_tx(&x, &in), B(3) | B(4));
    in.have = 0;
    put(&in, DETECT_TXB_ACCEPT_ENC, "gzip, deflate");
    put(&in, DETECT_TXB_ACCEPT_LANG, "en-US");
    put(&in, DETECT_TXB_CONNECTION, "close");
    put(&in, DETECT_TXB_ACCEPT, "*/*");
    put(&in, DETECT_TXB_STAT_MSG, "OK");
    put(&in, DETECT_TXB_RESPONSE_LINE, "HTTP/1.1 200 OK");
    put(&in, DETECT_TXB_PROTOCOL, "HTTP/1.1");
    put(&in, DETECT_TXB_START, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    put(&in, DETECT_TXB_CONTENT_LEN, "12");
    assert_int_equal(run_tx(&x, &in), B(5) | B(6) | B(7));
    put(&in, DETECT_TXB_HEADER_RAW, "X-Raw:  a\r\n");
    put(&in, DETECT_TXB_HOST_RAW, "www.Example.com");
    put(&in, DETECT_TXB_LOCATION, "http://a/y");
    put(&in, DETECT_TXB_REFERER, "http://ref/");
    assert_int_equal(run_tx(&x, &in), B(5) | B(6) | B(7) | B(8));
    fxf_fini(&x);
}

/* Certificate fields, JA3/JA3S/JA4 and tls.version. */
static void test_tls_buffers(void **state)
{
    (void)state;
    const char *rules =
        "alert tls any any -> any any (tls.cert_subject; content:\"CN=evil\"; sid:1;)\n"
        "alert tls any any -> any any (tls_cert_issuer; content:\"O=Bad CA\"; "
        "tls.cert_serial; content:\"00:97\"; startswith; sid:2;)\n"
        "alert tls any any -> any any (tls.cert_fingerprint; content:\"3a:0b\"; sid:3;)\n"
        "alert tls any any -> any any (ja3.hash; content:\"e7d705a3286e19ea42f587b344ee6865\"; "
        "sid:4;)\n"
        "alert tls any any -> any any (ja3_hash; content:\"e7d705\"; ja3s.hash; "
        "content:\"2de81c\"; sid:5;)\n"
        "alert tls any any -> any any (ja3.string; content:\"771,\"; startswith; "
        "ja3s.string; content:\"771,\"; sid:6;)\n"
        "alert tls any any -> any any (ja4.hash; content:\"t13d\"; startswith; sid:7;)\n"
        "alert tls any any -> any any (tls.version:1.2; sid:8;)\n"
        "alert tls any any -> any any (tls.version:1.3; sid:9;)\n"
        "alert tls any any -> any any (tls.version:!1.3; tls.sni; content:\"a\"; sid:10;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_TLS, 80);
    struct detect_tx_input in = {.app_proto = APP_PROTO_TLS};
    static const uint8_t v12[2] = {0x03, 0x03};
    put(&in, DETECT_TXB_TLS_SNI, "a.example");
    put(&in, DETECT_TXB_JA3_HASH, "e7d705a3286e19ea42f587b344ee6865");
    put(&in, DETECT_TXB_JA3_STRING, "771,4865-4866,0-23,29-23,0");
    put(&in, DETECT_TXB_JA4_HASH, "t13d1516h2_8daaf6152771_e5627efa2ab1");
    in.buf[DETECT_TXB_TLS_VERSION] = (struct span){v12, 2};
    in.have |= DETECT_TXB_BIT(DETECT_TXB_TLS_VERSION);
    /* at the ClientHello: no certificate, no JA3S yet */
    assert_int_equal(run_tx(&x, &in), B(4) | B(7) | B(8) | B(10));
    put(&in, DETECT_TXB_JA3S_HASH, "2de81c22ea32a57162df5cb08d4a2795");
    put(&in, DETECT_TXB_JA3S_STRING, "771,49199,65281-0-11");
    put(&in, DETECT_TXB_CERT_SUBJECT, "C=FR, CN=evil.example");
    put(&in, DETECT_TXB_CERT_ISSUER, "C=FR, O=Bad CA");
    put(&in, DETECT_TXB_CERT_SERIAL, "00:97:E6:47");
    put(&in, DETECT_TXB_CERT_FP, "3a:0b:00");
    assert_int_equal(run_tx(&x, &in),
                     B(1) | B(2) | B(3) | B(4) | B(5) | B(6) | B(7) | B(8) | B(10));
    fxf_fini(&x);
}

/* base64_decode from a buffer (relative to the previous match), then base64_data. */
static void test_base64(void **state)
{
    (void)state;
    const char *rules =
        "alert http any any -> any any (http.uri; content:\"?q=\"; base64_decode:relative; "
        "base64_data; content:\"secret\"; sid:1;)\n"
        "alert http any any -> any any (http.uri; content:\"/p\"; base64_decode:bytes 4, "
        "offset 1, relative; base64_data; content:\"hel\"; bsize:3; sid:2;)\n"
        "alert tcp any any -> any any (content:\"Auth \"; base64_decode:relative; base64_data; "
        "content:\"root\"; startswith; sid:3;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_HTTP, 80);
    struct detect_tx_input in = {.app_proto = APP_PROTO_HTTP};
    put(&in, DETECT_TXB_URI, "/p/aGVsbG8=?q=bXlzZWNyZXQ=");
    assert_int_equal(run_tx(&x, &in), B(1) | B(2));
    put(&in, DETECT_TXB_URI, "/x?q=!!!!");
    assert_int_equal(run_tx(&x, &in), 0);
    fxf_fini(&x);
    /* on the packet payload */
    fxf_init(&x, rules, APP_PROTO_UNKNOWN, 80);
    const struct detect_alert *al;
    const char *pl = "Auth cm9vdDp0b29y\r\n";
    x.p.payload = sp(pl);
    assert_int_equal(detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al), 1);
    assert_int_equal(al[0].s->sid, 3);
    fxf_fini(&x);
}

/* stream_size against the sizes the engine measured; never without a TCP session. */
static void test_stream_size(void **state)
{
    (void)state;
    const char *rules = "alert tcp any any -> any any (stream_size:server,<,5; sid:1;)\n"
                        "alert tcp any any -> any any (stream_size:client,>=,100; sid:2;)\n"
                        "alert tcp any any -> any any (stream_size:both,!=,1; sid:3;)\n"
                        "alert tcp any any -> any any (stream_size:either,=,1; sid:4;)\n"
                        "alert tcp any any -> any any (content:\"x\"; stream_size:client,<=,2; "
                        "sid:5;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_UNKNOWN, 80);
    const struct detect_alert *al;
    struct detect_stream_sizes ss = {.client = 100, .server = 1, .known = true};
    x.p.payload = sp("x");
    detect_set_stream_sizes(x.dt, &ss);
    uint64_t m = 0;
    size_t n = detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al);
    for (size_t i = 0; i < n; i++)
        m |= B(al[i].s->sid);
    assert_int_equal(m, B(1) | B(2) | B(4));
    /* a new flow: sizes 2 and 7 */
    detect_flow_free(x.dt, &x.f);
    ss = (struct detect_stream_sizes){.client = 2, .server = 7, .known = true};
    detect_set_stream_sizes(x.dt, &ss);
    m = 0;
    n = detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al);
    for (size_t i = 0; i < n; i++)
        m |= B(al[i].s->sid);
    assert_int_equal(m, B(3) | B(5));
    detect_flow_free(x.dt, &x.f);
    ss.known = false;
    detect_set_stream_sizes(x.dt, &ss);
    assert_int_equal(detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al), 0);
    fxf_fini(&x);
}

/* The sids alerting on x's packet with payload pl, between src and dst (last octets). */
static uint64_t pkt(struct fxf *x, const char *pl, uint8_t src, uint8_t dst, uint64_t ts)
{
    const struct detect_alert *al;
    x->p.src.b[0] = x->p.dst.b[0] = 10;
    x->p.src.b[3] = src;
    x->p.dst.b[3] = dst;
    x->p.ts_usec = ts;
    x->p.payload = sp(pl);
    size_t n = detect_packet(x->dt, &x->p, (struct span){NULL, 0}, 0, &al);
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= B(al[i].s->sid);
    detect_flow_free(x->dt, &x->f); /* each packet its own flow: xbits outlive flows */
    return m;
}

/* xbits per source, destination and pair, expiry, unset, and isnotset. */
static void test_xbits(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (content:\"SET\"; xbits:set,a,track ip_src,expire 10; "
        "noalert; sid:1;)\n"
        "alert tcp any any -> any any (content:\"HIT\"; xbits:isset,a,track ip_dst; sid:2;)\n"
        "alert tcp any any -> any any (content:\"PAIR\"; xbits:set,p,track ip_pair; noalert; "
        "sid:3;)\n"
        "alert tcp any any -> any any (content:\"PHIT\"; xbits:isset,p,track ip_pair; sid:4;)\n"
        "alert tcp any any -> any any (content:\"OFF\"; xbits:unset,a,track ip_src; noalert; "
        "sid:5;)\n"
        "alert tcp any any -> any any (content:\"NOT\"; xbits:isnotset,a,track ip_src; "
        "sid:6;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_UNKNOWN, 80);
    uint64_t t = 1000000;
    assert_int_equal(pkt(&x, "HIT", 2, 1, t), 0);
    assert_int_equal(pkt(&x, "SET", 1, 2, t), 0);        /* 10.0.0.1 gets bit a */
    assert_int_equal(pkt(&x, "HIT", 2, 1, t + 1), B(2)); /* its reply, to 10.0.0.1 */
    assert_int_equal(pkt(&x, "HIT", 1, 3, t + 1), 0);    /* to another host */
    assert_int_equal(pkt(&x, "NOT", 1, 3, t + 1), 0);
    assert_int_equal(pkt(&x, "NOT", 4, 3, t + 1), B(6));
    /* expire 10: gone after ten seconds */
    assert_int_equal(pkt(&x, "HIT", 2, 1, t + 10000001), 0);
    assert_int_equal(pkt(&x, "SET", 1, 2, t + 20000000), 0);
    assert_int_equal(pkt(&x, "OFF", 1, 9, t + 20000001), 0);
    assert_int_equal(pkt(&x, "HIT", 2, 1, t + 20000002), 0);
    /* a pair in either direction, not another pair */
    assert_int_equal(pkt(&x, "PAIR", 5, 6, t), 0);
    assert_int_equal(pkt(&x, "PHIT", 6, 5, t + 1), B(4));
    assert_int_equal(pkt(&x, "PHIT", 6, 7, t + 1), 0);
    fxf_fini(&x);
}

/* flowint: counting, comparing, isset/notset, a value from another variable. */
static void test_flowint(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (content:\"A\"; flowint:n,+,1; noalert; sid:1;)\n"
        "alert tcp any any -> any any (content:\"CHK\"; flowint:n,>=,2; sid:2;)\n"
        "alert tcp any any -> any any (content:\"CHK\"; flowint:n,notset; sid:3;)\n"
        "alert tcp any any -> any any (content:\"LIM\"; flowint:lim,=,2; noalert; sid:4;)\n"
        "alert tcp any any -> any any (content:\"CHK\"; flowint:n,==,lim; sid:5;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_UNKNOWN, 80);
    const struct detect_alert *al;
    const char *seq[] = {"CHK", "A", "CHK", "A", "LIM", "CHK"};
    uint64_t want[] = {B(3), 0, 0, 0, 0, B(2) | B(5)};
    for (size_t i = 0; i < 6; i++) {
        x.p.payload = sp(seq[i]);
        size_t n = detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al);
        uint64_t m = 0;
        for (size_t k = 0; k < n; k++)
            m |= B(al[k].s->sid);
        assert_int_equal(m, want[i]);
    }
    fxf_fini(&x);
}

/* app-layer-protocol on the flow's protocol (never before detection); tag is accepted. */
static void test_app_layer_protocol_and_tag(void **state)
{
    (void)state;
    const char *rules =
        "alert tcp any any -> any any (app-layer-protocol:!http; content:\"x\"; sid:1;)\n"
        "alert tcp any any -> any any (app-layer-protocol:ftp,final; content:\"x\"; sid:2;)\n"
        "alert tcp any any -> any any (app-layer-protocol:failed; content:\"x\"; sid:3;)\n"
        "alert tcp any any -> any any (content:\"x\"; tag:session,5,packets; sid:4;)\n";
    struct fxf x;
    fxf_init(&x, rules, APP_PROTO_HTTP, 80);
    const struct detect_alert *al;
    uint16_t protos[] = {APP_PROTO_HTTP, APP_PROTO_FTP, APP_PROTO_FAILED, APP_PROTO_UNKNOWN};
    uint64_t want[] = {B(4), B(1) | B(2) | B(4), B(1) | B(3) | B(4), B(4)};
    x.p.payload = sp("x");
    for (size_t i = 0; i < 4; i++) {
        x.f.app_proto = (uint8_t)protos[i];
        size_t n = detect_packet(x.dt, &x.p, (struct span){NULL, 0}, 0, &al);
        uint64_t m = 0;
        for (size_t k = 0; k < n; k++)
            m |= B(al[k].s->sid);
        assert_int_equal(m, want[i]);
        detect_flow_free(x.dt, &x.f);
    }
    fxf_fini(&x);
    /* a protocol khien does not detect leaves the rule out; a bad tag is an error */
    char err[256];
    struct detect_load_opts o = {
        .text = "alert tcp any any -> any any (app-layer-protocol:smb; sid:1;)\n"
                "alert tcp any any -> any any (tag:flow,3,packets; sid:2;)\n",
        .text_name = "t.rules"};
    struct detect_rules *r = detect_rules_load(&o, err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(r->nunsupported, 1);
    assert_int_equal(r->nerrors, 1);
    detect_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bsize),       cmocka_unit_test(test_dotprefix),
        cmocka_unit_test(test_transforms),  cmocka_unit_test(test_transform_helpers),
        cmocka_unit_test(test_urilen),      cmocka_unit_test(test_http_header_buffers),
        cmocka_unit_test(test_tls_buffers), cmocka_unit_test(test_base64),
        cmocka_unit_test(test_stream_size), cmocka_unit_test(test_xbits),
        cmocka_unit_test(test_flowint),     cmocka_unit_test(test_app_layer_protocol_and_tag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
