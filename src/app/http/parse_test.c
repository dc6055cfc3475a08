/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the HTTP/1.x parser: every split point, pipelining, chunked, gzip, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>

#include "http.h"
#include "test_feed.h"

static struct feeder F;

/* A browser-like GET and its answer. */
static const char get_req[] = "GET /a/./b/../c%20d//e?q=%41 HTTP/1.1\r\n"
                              "Host: WWW.Example.com:8080\r\n"
                              "User-Agent: Mozilla/5.0 (khien)\r\n"
                              "Accept: */*\r\n"
                              "\r\n";
static const char get_resp[] = "HTTP/1.1 200 OK\r\n"
                               "Content-Type: text/html; charset=utf-8\r\n"
                               "Content-Length: 12\r\n"
                               "\r\n"
                               "hello world\n";

static void check_get(const struct feeder *f)
{
    assert_int_equal(f->ntx, 1);
    const struct seen_tx *t = &f->tx[0];
    assert_int_equal(t->tx_id, 0);
    assert_string_equal(t->method, "GET");
    assert_string_equal(t->uri, "/a/./b/../c%20d//e?q=%41");
    assert_string_equal(t->uri_norm, "/a/c d/e?q=A"); /* path and query decoded */
    assert_string_equal(t->host, "www.example.com");
    assert_int_equal(t->port, 8080);
    assert_string_equal(t->proto, "HTTP/1.1");
    assert_string_equal(t->ua, "Mozilla/5.0 (khien)");
    assert_int_equal(t->status, 200);
    assert_int_equal(t->resp_len, 12);
    assert_int_equal(t->body_len[1], 12);
    assert_memory_equal(t->body[1], "hello world\n", 12);
    assert_true(t->body_last[1]);
    assert_int_equal(t->events, 0);
}

/* The GET exchange cut at every byte of the request, then of the response. */
static void test_get_every_split(void **unused)
{
    (void)unused;
    size_t rq = strlen(get_req), rs = strlen(get_resp);
    for (size_t k = 0; k <= rq; k++) {
        feeder_init(&F, NULL);
        feed_split(&F, 0, get_req, rq, k);
        feed_split(&F, 1, get_resp, rs, k % (rs + 1));
        check_get(&F);
        feeder_fini(&F);
    }
    for (size_t k = 0; k <= rs; k++) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, get_req);
        feed_split(&F, 1, get_resp, rs, k);
        check_get(&F);
        feeder_fini(&F);
    }
}

/* One byte at a time both ways. */
static void test_get_bytewise(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    for (size_t i = 0; i < strlen(get_req); i++)
        feed(&F, 0, get_req + i, 1, 0);
    for (size_t i = 0; i < strlen(get_resp); i++)
        feed(&F, 1, get_resp + i, 1, 0);
    check_get(&F);
    feeder_fini(&F);
}

/* Two requests in one segment; the answers (one chunked) in one segment: paired in order. */
static const char pipe_req[] = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
                               "GET /two HTTP/1.1\r\nHost: a\r\n\r\n";
static const char pipe_resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
                                "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "2\r\ntw\r\n1;ext=1\r\no\r\n0\r\nX-Trailer: yes\r\n\r\n";

static void check_pipe(const struct feeder *f)
{
    assert_int_equal(f->ntx, 2);
    assert_string_equal(f->tx[0].uri, "/one");
    assert_int_equal(f->tx[0].status, 200);
    assert_memory_equal(f->tx[0].body[1], "one", 3);
    assert_string_equal(f->tx[1].uri, "/two");
    assert_int_equal(f->tx[1].tx_id, 1);
    assert_int_equal(f->tx[1].status, 404);
    assert_int_equal(f->tx[1].body_len[1], 3);
    assert_memory_equal(f->tx[1].body[1], "two", 3);
    assert_int_equal(f->tx[1].resp_len, 3);
}

static void test_pipelining_every_split(void **unused)
{
    (void)unused;
    size_t rq = strlen(pipe_req), rs = strlen(pipe_resp);
    for (size_t k = 0; k <= rs; k++) {
        feeder_init(&F, NULL);
        feed_split(&F, 0, pipe_req, rq, k % (rq + 1));
        feed_split(&F, 1, pipe_resp, rs, k);
        check_pipe(&F);
        feeder_fini(&F);
    }
}

/* A chunked POST with a chunk extension and a trailer: the extension is an event. */
/*
 * on_msg_done: once per request and per response, as each completes (Suricata's raw-stream
 * trigger); a response read until the close completes at the EOF only.
 */
static void test_msg_done(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0,
             "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nab");
    assert_int_equal(F.done[0], 1);
    feed_str(&F, 0, "c");
    assert_int_equal(F.done[0], 2);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assert_int_equal(F.done[1], 1);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the close");
    assert_int_equal(F.done[1], 1);
    feed_eof(&F);
    assert_int_equal(F.done[1], 2);
    assert_int_equal(F.done[0], 2);
    feeder_fini(&F);
}

static void test_chunked_request(void **unused)
{
    (void)unused;
    const char req[] = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "5;name=val\r\nhello\r\n6\r\n world\r\n0\r\nDigest: x\r\n\r\n";
    size_t n = strlen(req);
    for (size_t k = 0; k <= n; k++) {
        feeder_init(&F, NULL);
        feed_split(&F, 0, req, n, k);
        feed_str(&F, 1, "HTTP/1.1 204 No Content\r\n\r\n");
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].req_len, 11);
        assert_memory_equal(F.tx[0].body[0], "hello world", 11);
        assert_true(F.tx[0].events & (1ull << HTTP_EV_REQUEST_CHUNK_EXTENSION));
        assert_int_equal(F.tx[0].status, 204);
        feeder_fini(&F);
    }
}

/* A response chunk-size line that is no size: the body is read to the close from there. */
static void test_bad_chunk_len(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_true(has_event(&F, HTTP_EV_INVALID_RESPONSE_CHUNK_LEN));
    assert_int_equal(F.tx[0].body_len[1], 9);
    assert_memory_equal(F.tx[0].body[1], "zz\r\nabc\r\n", 9);
    feeder_fini(&F);
}

/* A URI with spaces: it runs to the space before the protocol (Suricata 8). */
static void test_uri_with_spaces(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /uri afterspace  x HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 0, "GET /a b\r\nHost: h\r\n\r\n"); /* no protocol: the old form */
    feed_eof(&F);
    assert_int_equal(F.ntx, 2);
    assert_string_equal(F.tx[0].uri, "/uri afterspace  x");
    assert_string_equal(F.tx[0].proto, "HTTP/1.1");
    assert_false(F.tx[0].events & (1ull << HTTP_EV_REQUEST_LINE_INVALID));
    assert_string_equal(F.tx[1].uri, "/a");
    feeder_fini(&F);
}

/* A "chunked" body that is not chunked and has no line end: judged after a few bytes. */
static void test_unchunked_body_no_eol(void **unused)
{
    (void)unused;
    const char resp[] = "HTTP/1.0 200 ok\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR";
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1, resp);
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].body_len[1], 33);
    assert_memory_equal(F.tx[0].body[1], "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR", 33);
    feeder_fini(&F);
}

/* libhtp's chunk sizes: junk after the digits ignored, white space and empty lines skipped. */
static void test_lenient_chunk_sizes(void **unused)
{
    (void)unused;
    static const char *const bodies[] = {
        "3x\r\nabc\r\n3 x\r\ndef\r\n0\r\n\r\n",
        "3\r\r\nabc\r\n3,\r\ndef\r\n0\r\n\r\n",
        "\r3\r\nabc\r\n\r\n\r\n3\f\r\ndef\r\n0\r\n\r\n",
        "\n003\r\nabc\r\n\r\n 3\r\ndef\r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        char resp[256];
        snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%s",
                 bodies[i]);
        size_t n = strlen(resp);
        for (size_t k = 0; k <= n; k++) {
            feeder_init(&F, NULL);
            feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            feed_split(&F, 1, resp, n, k);
            assert_int_equal(F.ntx, 1);
            assert_int_equal(F.tx[0].body_len[1], 6);
            assert_memory_equal(F.tx[0].body[1], "abcdef", 6);
            assert_false(has_event(&F, HTTP_EV_INVALID_RESPONSE_CHUNK_LEN));
            feeder_fini(&F);
        }
    }
}

/* Compress with zlib: wbits 31 gzip, 15 zlib, -15 raw deflate. */
static size_t compress_with(int wbits, const void *src, size_t n, uint8_t *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)src;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = cap - z.avail_out;
    deflateEnd(&z);
    return len;
}

static void coded_response(const char *coding, int wbits, size_t split)
{
    const char plain[] = "<html>the quick brown fox jumps over the lazy dog, twice: "
                         "the quick brown fox jumps over the lazy dog</html>";
    uint8_t z[512];
    size_t zl = compress_with(wbits, plain, strlen(plain), z, sizeof(z));
    char msg[1024];
    int h = snprintf(msg, sizeof(msg),
                     "HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: %zu\r\n\r\n",
                     coding, zl);
    memcpy(msg + h, z, zl);
    size_t n = (size_t)h + zl;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /z HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_split(&F, 1, msg, n, split % (n + 1));
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].resp_len, zl); /* EVE length: the body as sent */
    assert_int_equal(F.tx[0].body_len[1], strlen(plain));
    assert_memory_equal(F.tx[0].body[1], plain, strlen(plain));
    assert_false(has_event(&F, HTTP_EV_GZIP_DECOMPRESSION_FAILED));
    feeder_fini(&F);
}

static void test_gzip_deflate(void **unused)
{
    (void)unused;
    for (size_t k = 0; k < 200; k += 7) {
        coded_response("gzip", 31, k);
        coded_response("deflate", 15, k);
        coded_response("deflate", -15, k); /* raw deflate, as many servers send it */
    }
}

static void test_gzip_garbage(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1,
             "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\n"
             "notgzip!");
    assert_int_equal(F.ntx, 1);
    assert_true(has_event(&F, HTTP_EV_GZIP_DECOMPRESSION_FAILED));
    /* libhtp passes bytes it cannot decompress on as they are */
    assert_int_equal(F.tx[0].body_len[1], 8);
    assert_memory_equal(F.tx[0].body[1], "notgzip!", 8);
    feeder_fini(&F);
}

/* The server closes inside its headers: the last line counts and the headers end there. */
static void test_close_in_headers(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.0 200 OK\r\nServer:ng1nx");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].status, 200);
    assert_string_equal(F.tx[0].server, "ng1nx");
    feeder_fini(&F);
}

/* A request body said to be gzip that is plain JSON: passed on as it is, not "decoded". */
static void test_gzip_plain_request(void **unused)
{
    (void)unused;
    static const char body[] = "{\"sdk_version\":11026,\"device_id\":\"350672920106648\"}";
    char req[512];
    snprintf(req, sizeof(req),
             "POST /api HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\n"
             "Content-Length: %zu\r\n\r\n%s",
             strlen(body), body);
    feeder_init(&F, NULL);
    feed_str(&F, 0, req);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].body_len[0], strlen(body));
    assert_memory_equal(F.tx[0].body[0], body, strlen(body));
    feeder_fini(&F);
}

/*
 * A response with the given Content-Encoding value and body, cut every `step` bytes (past the
 * length: whole); the decoded body is checked.
 */
static void check_coded(const char *ce, const uint8_t *body, size_t bl, const char *want,
                        size_t step)
{
    char msg[2048];
    int h =
        snprintf(msg, sizeof(msg),
                 "HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: %zu\r\n\r\n", ce, bl);
    memcpy(msg + h, body, bl);
    size_t n = (size_t)h + bl;
    for (size_t k = 0; k <= n; k += step) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET /z HTTP/1.1\r\nHost: h\r\n\r\n");
        feed_split(&F, 1, msg, n, k);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].body_len[1], strlen(want));
        assert_memory_equal(F.tx[0].body[1], want, strlen(want));
        feeder_fini(&F);
    }
}

/* Several codings are undone last first; the order given does not matter (libhtp retries). */
static void test_stacked_codings(void **unused)
{
    (void)unused;
    const char plain[] = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!";
    uint8_t gz[256], both[512];
    size_t gl = compress_with(31, plain, strlen(plain), gz, sizeof(gz));
    size_t bl = compress_with(-15, gz, gl, both, sizeof(both));
    check_coded("gzip, deflate", both, bl, plain, 5);
    check_coded("deflate,gzip", both, bl, plain, 5);
    check_coded("identity, gzip", gz, gl, plain, 5);
    check_coded("x gzip", gz, gl, plain, 5);
    /* One layer too many: the plain text passes (whole: libhtp retries on one segment). */
    check_coded("gzip,deflate", gz, gl, plain, SIZE_MAX);
}

/* A gzip header zlib refuses (reserved flags, bad header CRC) is skipped on a retry. */
static void test_gzip_header_retry(void **unused)
{
    (void)unused;
    const char plain[] = "the quick brown fox jumps over the lazy dog";
    uint8_t gz[256];
    size_t gl = compress_with(31, plain, strlen(plain), gz, sizeof(gz));
    gz[3] = 0x20; /* a reserved flag */
    /* Whole: the retry looks at the segment that failed, which must hold the header. */
    check_coded("gzip", gz, gl, plain, SIZE_MAX);
    check_coded("deflate", gz, gl, plain, SIZE_MAX);
}

/* More tokens than response-body-decompress-layer-limit (2 by default): an event. */
static void test_too_many_layers(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1,
             "HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip, gzip\r\nContent-Length: 8\r\n\r\n"
             "notgzip!");
    assert_int_equal(F.ntx, 1);
    assert_true(has_event(&F, HTTP_EV_TOO_MANY_ENCODING_LAYERS));
    assert_memory_equal(F.tx[0].body[1], "notgzip!", 8);
    feeder_fini(&F);
}

/* NUL, vertical tab and form feed in header names and values do not hide the framing. */
static void test_header_nul_and_controls(void **unused)
{
    (void)unused;
    static const char *const te[] = {
        "Transfer-Encoding:chu\0nked\r\n",   "Transfer\0-Encoding:chunked\r\n",
        "Transfer-Encoding\0:chunked\r\n",   "Transfer-Encoding\f:chunked\r\n",
        "Transfer-Encoding:\n\0chunked\r\n", "Transfer-Encoding:\vchunked\r\n",
    };
    for (size_t i = 0; i < sizeof(te) / sizeof(te[0]); i++) {
        /* the NULs are inside the literals: build the message by length */
        const char *h = te[i];
        size_t hl = 0;
        while (!(h[hl] == '\r' && h[hl + 1] == '\n'))
            hl++;
        hl += 2;
        const char head[] = "HTTP/1.1 200 OK\r\n";
        const char tail[] = "\r\n3\r\nabc\r\n0\r\n\r\n";
        char msg[256];
        size_t n = 0;
        memcpy(msg + n, head, strlen(head));
        n += strlen(head);
        memcpy(msg + n, h, hl);
        n += hl;
        memcpy(msg + n, tail, strlen(tail));
        n += strlen(tail);
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        feed(&F, 1, msg, n, 0);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].body_len[1], 3);
        assert_memory_equal(F.tx[0].body[1], "abc", 3);
        feeder_fini(&F);
    }
}

/* A response's start and header lines may end at a lone CR, as libhtp reads them. */
static void test_response_lone_cr(void **unused)
{
    (void)unused;
    const char resp[] = "HTTP/1.1 200 \rTransfer-Encoding:chunked\r\n"
                        "Content-Disposition: attachment; filename=\"a.txt\"\rX-A: b\r\n\r\n"
                        "3\r\nabc\r\n0\r\n\r\n";
    size_t n = strlen(resp);
    for (size_t k = 0; k <= n; k++) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        feed_split(&F, 1, resp, n, k);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].status, 200);
        assert_int_equal(F.tx[0].body_len[1], 3);
        assert_memory_equal(F.tx[0].body[1], "abc", 3);
        feeder_fini(&F);
    }
}

/* LF CR ends a line; CR CR does not; "\n\r\r\n\r\n" is two line ends (libhtp). */
static void test_response_lf_cr(void **unused)
{
    (void)unused;
    static const char *const resps[] = {
        "HTTP/1.1 200 ok\n\rTransfer-Encoding: chunked\n\rX: y\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ("HTTP/1.1 200 ok\r\nX: y\r\n\r\r\r\nTransfer-Encoding: chunked\r\n\r\n"
         "3\r\nabc\r\n0\r\n\r\n"),
        "HTTP/1.1 200 ok\r\nContent-Length: 3\n\r\r\nabc",
        "HTTP/1.1 200 ok\r\nContent-Length: 3\n\r\r\n\r\nabc",
    };
    for (size_t i = 0; i < sizeof(resps) / sizeof(resps[0]); i++) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        feed_str(&F, 1, resps[i]);
        feed_eof(&F);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].body_len[1], 3);
        assert_memory_equal(F.tx[0].body[1], "abc", 3);
        feeder_fini(&F);
    }
}

/* White space and NUL bytes before a status line are skipped (libhtp looks past them). */
static void test_status_leading_space(void **unused)
{
    (void)unused;
    static const char *const pre[] = {" ", " \t\r\n", " \r", "\v\f"};
    for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
        char resp[128];
        snprintf(resp, sizeof(resp), "%sHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", pre[i]);
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        feed_str(&F, 1, resp);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].status, 200);
        assert_memory_equal(F.tx[0].body[1], "abc", 3);
        feeder_fini(&F);
    }
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed(&F, 1, "\0HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", 42, 0);
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].status, 200);
    feeder_fini(&F);
}

/* Bytes after a 204 that are no status line: the 204's own body, read to the close. */
static void test_unexpected_body(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].status, 204);
    assert_int_equal(F.tx[0].body_len[1], 3);
    assert_memory_equal(F.tx[0].body[1], "abc", 3);
    feeder_fini(&F);
    /* a next response right after: no body */
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1,
             "HTTP/1.1 304 Not Modified\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].body_len[1], 0);
    assert_int_equal(F.tx[1].status, 200);
    feeder_fini(&F);
}

/* A junk line before the status line in the same bytes is passed over. */
static void test_junk_before_status(void **unused)
{
    (void)unused;
    static const char *const pre[] = {"foobar\r\n", "SIP/2.0 200 ok\r\n", " foobar\r\n"};
    for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
        char resp[128];
        snprintf(resp, sizeof(resp), "%sHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", pre[i]);
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        feed_str(&F, 1, resp);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].status, 200);
        assert_memory_equal(F.tx[0].body[1], "abc", 3);
        feeder_fini(&F);
    }
}

/* A line of one space or tab ended by a bare LF ends a response's headers. */
static void test_ws_lf_ends_headers(void **unused)
{
    (void)unused;
    static const char *const resps[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 3\n \nabc",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\n\t\nabc",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\n \n\nabc", /* a fold, then the end */
    };
    for (size_t i = 0; i < sizeof(resps) / sizeof(resps[0]); i++) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        feed_str(&F, 1, resps[i]);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].body_len[1], 3);
        assert_memory_equal(F.tx[0].body[1], "abc", 3);
        feeder_fini(&F);
    }
}

/* Folded header lines join with one space; folding before any header is an event. */
static void test_folding(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0,
             "GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: Mozilla/5.0\r\n"
             "\t(folded)\r\n   again\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\n  leading fold\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.ntx, 1);
    assert_string_equal(F.tx[0].ua, "Mozilla/5.0 (folded) again");
    assert_true(has_event(&F, HTTP_EV_INVALID_RESPONSE_FIELD_FOLDING));
    feeder_fini(&F);
}

/* Malformed header lines: missing colon, repeated headers, a bad Content-Length. */
static void test_malformed_headers(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0,
             "GET / HTTP/1.1\r\nHost: h\r\nNoColonHere\r\nUser-Agent: a\r\n"
             "User-Agent: b\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\nbody");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_string_equal(F.tx[0].ua, "a, b");
    assert_true(has_event(&F, HTTP_EV_REQUEST_FIELD_MISSING_COLON));
    assert_true(has_event(&F, HTTP_EV_REQUEST_HEADER_REPETITION));
    assert_true(has_event(&F, HTTP_EV_INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE));
    assert_int_equal(F.tx[0].resp_len, 4); /* read until the close */
    feeder_fini(&F);
}

/*
 * Content-Length twice (suricata-verify http-multiple-cl): the first value frames the body
 * and different values are duplicate_content_length_field_in_request, as libhtp does; the
 * same value twice is only a repeated header.
 */
static void test_repeated_content_length(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0,
             "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length:11\r\nContent-Length:93\r\n\r\n"
             "bar=1&foo=2POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
             "Content-Length: 3\r\n\r\nabc");
    feed_str(&F, 1,
             "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
             "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].body_len[0], 11);
    assert_int_equal(F.tx[1].body_len[0], 3);
    assert_true(has_event(&F, HTTP_EV_DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST));
    assert_false(has_event(&F, HTTP_EV_INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST));
    int dups = 0;
    for (unsigned i = 0; i < F.nev; i++)
        dups += F.ev[i] == HTTP_EV_DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST;
    assert_int_equal(dups, 1); /* not for the equal pair */
    feeder_fini(&F);
}

static void test_missing_host_and_bad_status(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 2xx Odd\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.ntx, 1);
    assert_true(has_event(&F, HTTP_EV_MISSING_HOST_HEADER));
    assert_true(has_event(&F, HTTP_EV_RESPONSE_INVALID_STATUS));
    assert_int_equal(F.tx[0].status, -1);
    feeder_fini(&F);
}

/* A line longer than the field limit stops the direction with an event. */
static void test_field_limit(void **unused)
{
    (void)unused;
    struct http_config cfg;
    http_config_defaults(&cfg);
    cfg.field_limit = 64;
    feeder_init(&F, &cfg);
    char line[200];
    memset(line, 'a', sizeof(line));
    feed_str(&F, 0, "GET / HTTP/1.1\r\nX-Long: ");
    struct app_result r = feed(&F, 0, line, sizeof(line), 0);
    assert_int_equal(r.status, APP_STATUS_OK);
    assert_true(has_event(&F, HTTP_EV_REQUEST_FIELD_TOO_LONG));
    assert_int_equal(http_ctx_stats(F.ctx)->field_too_long, 1);
    feeder_fini(&F);
}

static void test_headers_limit(void **unused)
{
    (void)unused;
    struct http_config cfg;
    http_config_defaults(&cfg);
    cfg.headers_limit = 3;
    feeder_init(&F, &cfg);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.ntx, 1);
    assert_true(has_event(&F, HTTP_EV_REQUEST_TOO_MANY_HEADERS));
    feeder_fini(&F);
}

/* Only response-body-limit bytes reach on_body; length still counts the whole body. */
static void test_body_limit(void **unused)
{
    (void)unused;
    struct http_config cfg;
    http_config_defaults(&cfg);
    cfg.response_body_limit = 10;
    feeder_init(&F, &cfg);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz");
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].body_len[1], 10);
    assert_int_equal(F.tx[0].resp_len, 26);
    assert_int_equal(http_ctx_stats(F.ctx)->body_limited, 16);
    feeder_fini(&F);
}

/* Past max-tx live transactions the flow is no longer parsed (counted). */
static void test_max_tx(void **unused)
{
    (void)unused;
    struct http_config cfg;
    http_config_defaults(&cfg);
    cfg.max_tx = 2;
    feeder_init(&F, &cfg);
    feed_str(&F, 0,
             "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
             "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n");
    assert_int_equal(http_ctx_stats(F.ctx)->max_tx_reached, 1);
    feed_eof(&F);
    assert_int_equal(F.ntx, 2);
    feeder_fini(&F);
}

/* 100 Continue, then the final answer for the same request. */
static void test_100_continue(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0,
             "POST /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
             "Content-Length: 4\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 100 Continue\r\n\r\n");
    feed_str(&F, 0, "data");
    feed_str(&F, 1, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].status, 201);
    assert_memory_equal(F.tx[0].body[0], "data", 4);
    feeder_fini(&F);
}

/* HTTP/0.9: a request line alone; the answer is the body until the close. */
static void test_http09(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /old.html\r\n");
    feed_str(&F, 1, "<html>old</html>");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_true(F.tx[0].http09);
    assert_string_equal(F.tx[0].uri, "/old.html");
    assert_string_equal(F.tx[0].proto, "");
    assert_int_equal(F.tx[0].resp_len, 16);
    feeder_fini(&F);
}

/* CONNECT answered 200: the rest is a tunnel, not parsed as HTTP. */
static void test_connect_tunnel(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    feed_str(&F, 0, "\x16\x03\x01 not http at all");
    /* The answer ends HTTP on the flow: the dispatcher is told where the tunnel starts
     * (line ends after the headers belong to them) and detects what follows afresh. */
    static const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n\n";
    struct app_result r = feed(&F, 1, ok, sizeof(ok) - 1, 0);
    assert_int_equal(r.status, APP_STATUS_PROTO_CHANGE);
    assert_int_equal(r.consumed, sizeof(ok) - 1);
    r = feed(&F, 0, "", 0, 0); /* the held request side: all of it is the tunnel's */
    assert_int_equal(r.status, APP_STATUS_PROTO_CHANGE);
    assert_int_equal(r.consumed, 0);
    feed_str(&F, 1, "\x16\x03\x03 tls bytes");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_string_equal(F.tx[0].host, "example.com");
    assert_int_equal(F.tx[0].port, 443);
    assert_string_equal(F.tx[0].uri_norm, "");
    assert_int_equal(F.nev, 0);
    feeder_fini(&F);
}

/* n bytes lost in the stream before the next ones (the dispatcher's gap notice). */
static void feed_gap(struct feeder *f, int dir, uint32_t n)
{
    struct app_input in = {
        .dir = dir, .data = {f->buf[dir], 0}, .flags = APP_INPUT_GAP, .gap_len = n};
    f->len[dir] = 0; /* bytes before a gap are not joined to bytes after it */
    (void)http_parse(f->ctx, &f->state, &in);
}

/*
 * A gap inside a Content-Length body counts toward the body, and the messages after it
 * are still parsed (suricata-verify http-gap-double); a gap running past the body's end
 * loses the framing, so nothing after it is parsed (http-gap-beyond-body).
 */
static void test_gap_in_body(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    feed_gap(&F, 1, 4);
    feed_str(&F, 1, "def");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].status, 200);
    assert_int_equal(F.tx[0].body_len[1], 6); /* the bytes that came; the 4 lost are a gap */
    assert_true(F.tx[0].body_last[1]);
    assert_int_equal(F.tx[1].status, 200);
    assert_memory_equal(F.tx[1].body[1], "ok", 2);
    feeder_fini(&F);

    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab");
    feed_gap(&F, 1, 30); /* the rest of the body and the next response's headers */
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    feed_eof(&F);
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].status, 200);
    assert_true(F.tx[0].body_last[1]);    /* the body ended inside the gap */
    assert_int_equal(F.tx[1].status, -1); /* not parsed after the gap */
    feeder_fini(&F);

    /* A gap in the headers: the direction is not parsed any more. */
    feeder_init(&F, NULL);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-");
    feed_gap(&F, 1, 3);
    feed_str(&F, 1, "\r\n\r\nHTTP/1.1 404 No\r\n\r\n");
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    feeder_fini(&F);
}

/*
 * Bytes after a Content-Length response body in the same input: a line that does not
 * start a status line is more of the body (libhtp's response finalisation; the stray
 * CR LF of suricata-verify http-gap-double counts in the file's 14 bytes).
 */
static void test_body_finalize(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /1 HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello\r\n");
    feed_str(&F, 1, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok\r\nHTTP/1.0 404 No\r\n\r\n");
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].body_len[1], 7);
    assert_memory_equal(F.tx[0].body[1], "hello\r\n", 7);
    assert_int_equal(F.tx[1].body_len[1], 4); /* "ok" and its CR LF; the 404 is a response */
    feeder_fini(&F);
}

/* A response with no request gets a transaction of its own and an event. */
static void test_unmatched_response(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    assert_int_equal(F.ntx, 1);
    assert_true(has_event(&F, HTTP_EV_UNABLE_TO_MATCH_RESPONSE_TO_REQUEST));
    feeder_fini(&F);
}

/* A request with no answer is logged when both directions end. */
static void test_log_at_eof(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /lonely HTTP/1.0\r\n\r\n");
    assert_int_equal(F.ntx, 0);
    feed_eof(&F);
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].status, -1);
    feeder_fini(&F);
}

/* A HEAD answer has no body whatever its Content-Length says; the next answer follows. */
static void test_head_no_body(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /g HTTP/1.1\r\nHost: h\r\n\r\n");
    feed_str(&F, 1,
             "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
             "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
             "Content-Length: 2\r\n\r\nok");
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].resp_len, 0);
    assert_int_equal(F.tx[1].resp_len, 2);
    assert_int_equal(F.nev, 1);
    assert_int_equal(F.ev[0], HTTP_EV_RESPONSE_HEADER_REPETITION);
    feeder_fini(&F);
}

/* A multipart upload: a form field and a file, with a near-delimiter inside the file. */
static const char mp_req[] = "POST /upload HTTP/1.1\r\nHost: h\r\n"
                             "Content-Type: multipart/form-data; boundary=\"XyZ\"\r\n"
                             "Content-Length: 201\r\n\r\n"
                             "preamble\r\n"
                             "--XyZ\r\n"
                             "Content-Disposition: form-data; name=\"user\"\r\n\r\n"
                             "alice\r\n"
                             "--XyZ  \r\n"
                             "Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n"
                             "Content-Type: text/plain\r\n\r\n"
                             "line\r\n--Xy no\r\r\n"
                             "--XyZ--\r\nepilogue";

static void check_mp(const struct feeder *f)
{
    assert_int_equal(f->ntx, 1);
    assert_int_equal(f->nparts, 2);
    assert_int_equal(f->part[0].index, 0);
    assert_string_equal(f->part[0].name, "user");
    assert_false(f->part[0].has_filename);
    assert_int_equal(f->part[0].len, 5);
    assert_memory_equal(f->part[0].data, "alice", 5);
    assert_true(f->part[0].ended);
    assert_int_equal(f->part[1].index, 1);
    assert_string_equal(f->part[1].filename, "a.txt");
    assert_true(f->part[1].has_filename);
    assert_int_equal(f->part[1].len, 14);
    assert_memory_equal(f->part[1].data, "line\r\n--Xy no\r", 14);
    assert_true(f->part[1].ended);
    assert_int_equal(f->part[0].size, 5); /* fileinfo size of an upload */
    assert_int_equal(f->part[1].size, 14);
    assert_false(f->part[1].truncated);
    assert_false(has_event(f, HTTP_EV_MULTIPART_GENERIC_ERROR));
}

static void test_multipart_every_split(void **unused)
{
    (void)unused;
    size_t n = strlen(mp_req);
    const char *body = strstr(mp_req, "\r\n\r\n") + 4;
    assert_int_equal(strlen(body), 201);
    for (size_t k = 0; k <= n; k++) {
        feeder_init(&F, NULL);
        feed_split(&F, 0, mp_req, n, k);
        feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        check_mp(&F);
        feeder_fini(&F);
    }
}

/* A multipart body cut short: the open part ends, and an event says the body was broken. */
static void test_multipart_truncated(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0,
             "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; "
             "boundary=b\r\nContent-Length: 40\r\n\r\n--b\r\nNoColon\r\n\r\nabc\r\n-");
    feed(&F, 0, NULL, 0, APP_INPUT_EOF);
    feed(&F, 1, NULL, 0, APP_INPUT_EOF);
    assert_int_equal(F.nparts, 1);
    assert_int_equal(F.part[0].len, 6);
    assert_memory_equal(F.part[0].data, "abc\r\n-", 6);
    assert_true(F.part[0].ended);
    assert_int_equal(F.part[0].size, 6);
    assert_true(F.part[0].truncated); /* fileinfo state TRUNCATED */
    assert_true(has_event(&F, HTTP_EV_MULTIPART_INVALID_HEADER));
    assert_true(has_event(&F, HTTP_EV_MULTIPART_GENERIC_ERROR));
    feeder_fini(&F);
}

/* Parts are read from the first request-body-limit bytes: the part open at the limit ends
 * TRUNCATED with what came before it, and no event (suricata-verify http-mime-truncated). */
static void test_multipart_body_limit(void **unused)
{
    (void)unused;
    struct http_config cfg;
    http_config_defaults(&cfg);
    size_t body = strlen(strstr(mp_req, "\r\n\r\n") + 4);
    cfg.request_body_limit = (uint32_t)(body - 22); /* 3 bytes before the content ends */
    feeder_init(&F, &cfg);
    feed_str(&F, 0, mp_req);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_int_equal(F.nparts, 2);
    assert_true(F.part[1].ended);
    assert_true(F.part[1].truncated);
    assert_int_equal(F.part[1].len, 14 - 3);
    assert_memory_equal(F.part[1].data, "line\r\n--Xy ", 11);
    assert_false(F.part[0].truncated);
    assert_false(has_event(&F, HTTP_EV_MULTIPART_GENERIC_ERROR));
    feeder_fini(&F);
    cfg.request_body_limit = (uint32_t)body; /* the whole body: nothing cut */
    feeder_init(&F, &cfg);
    feed_str(&F, 0, mp_req);
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    check_mp(&F);
    feeder_fini(&F);
}

static void test_probe(void **unused)
{
    (void)unused;
    assert_int_equal(http_probe((const uint8_t *)"GET / HTTP/1.1", 14, 0), APP_PROBE_YES);
    assert_int_equal(http_probe((const uint8_t *)"post /", 6, 0), APP_PROBE_YES);
    assert_int_equal(http_probe((const uint8_t *)"PO", 2, 0), APP_PROBE_MORE);
    assert_int_equal(http_probe((const uint8_t *)"GETX /", 6, 0), APP_PROBE_NO);
    assert_int_equal(http_probe((const uint8_t *)"\x16\x03\x01", 3, 0), APP_PROBE_NO);
    assert_int_equal(http_probe((const uint8_t *)"HTTP/1.1 200", 12, 1), APP_PROBE_YES);
    assert_int_equal(http_probe((const uint8_t *)"HTT", 3, 1), APP_PROBE_MORE);
    assert_int_equal(http_probe((const uint8_t *)"SSH-2.0", 7, 1), APP_PROBE_NO);
    struct app_tcp_proto p = http_tcp_proto(NULL);
    assert_int_equal(p.id, APP_PROTO_HTTP);
    assert_int_equal(p.ports[0], 80);
}

static void test_event_names(void **unused)
{
    (void)unused;
    assert_string_equal(http_event_name(HTTP_EV_UNKNOWN_ERROR), "UNKNOWN_ERROR");
    assert_string_equal(http_event_name(HTTP_EV_REQUEST_CHUNK_EXTENSION),
                        "REQUEST_CHUNK_EXTENSION");
    assert_string_equal(http_event_name(HTTP_EV_FAILED_PROTOCOL_CHANGE), "FAILED_PROTOCOL_CHANGE");
    assert_null(http_event_name(HTTP_EV_MAX));
    for (int e = 0; e < HTTP_EV_MAX; e++)
        assert_non_null(http_event_name((enum http_event)e));
}

/*
 * http.header.raw is the header block as sent: spacing, bare LF line ends, folded lines,
 * repeated headers and the empty line that ends the block all kept, while the parsed
 * values stay trimmed, unfolded and merged.
 */
static void test_raw_header_block(void **unused)
{
    (void)unused;
    static const char req[] = "GET / HTTP/1.1\r\n"
                              "Host:   h.example  \r\n"
                              "X-A: 1\n"
                              "X-A: 2\r\n"
                              "User-Agent: one\r\n"
                              " two\r\n"
                              "\r\n";
    static const char resp[] = "HTTP/1.1 200 OK\r\n"
                               "Server:       Yx(\r\n"
                               "Content-Length: 0\r\n"
                               "\r\n";
    size_t rq = strlen(req);
    for (size_t k = 0; k <= rq; k += 7) {
        feeder_init(&F, NULL);
        feed_split(&F, 0, req, rq, k);
        feed_str(&F, 1, resp);
        assert_int_equal(F.ntx, 1);
        const struct seen_tx *t = &F.tx[0];
        assert_string_equal(t->raw_hdr[0], req + strlen("GET / HTTP/1.1\r\n"));
        assert_string_equal(t->raw_hdr[1], "Server:       Yx(\r\nContent-Length: 0\r\n\r\n");
        assert_string_equal(t->host, "h.example");
        assert_string_equal(t->ua, "one two");
        assert_string_equal(t->server, "Yx(");
        feeder_fini(&F);
    }
}

/* Authorization with a scheme libhtp does not know (Basic, Digest, Bearer are known). */
static void test_auth_unrecognized(void **unused)
{
    (void)unused;
    static const char *const reqs[] = {
        "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Turbo x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: basic eDp5\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer t\r\n\r\n",
    };
    for (size_t i = 0; i < 3; i++) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, reqs[i]);
        assert_int_equal(has_event(&F, HTTP_EV_REQUEST_AUTH_UNRECOGNIZED), i == 0);
        feeder_fini(&F);
    }
}

/*
 * A request without Content-Length or chunking followed, in the same data, by a line that
 * starts with no method: that line is the request's body (REQUEST_BODY_UNEXPECTED), as
 * libhtp reads it; a next request or blank lines are not.
 */
static void test_request_body_unexpected(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "POST /a HTTP/1.1\r\nHost: a\r\n\r\nlogin=foo&password=bar");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_true(has_event(&F, HTTP_EV_REQUEST_BODY_UNEXPECTED));
    assert_int_equal(F.ntx, 1);
    assert_int_equal(F.tx[0].req_len, 22);
    assert_memory_equal(F.tx[0].body[0], "login=foo&password=bar", 22);
    feeder_fini(&F);

    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_false(has_event(&F, HTTP_EV_REQUEST_BODY_UNEXPECTED));
    assert_int_equal(F.ntx, 2);
    assert_int_equal(F.tx[0].req_len, 0);
    feeder_fini(&F);
}

/* A request line without a protocol but headers after it: not HTTP/0.9 (libhtp). */
static void test_missing_protocol(void **unused)
{
    (void)unused;
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /gen.php?a=1\r\nHost: h\r\nUser-Agent:ua\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert_true(has_event(&F, HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL));
    assert_int_equal(F.ntx, 1);
    assert_false(F.tx[0].http09);
    assert_string_equal(F.tx[0].ua, "ua");
    assert_string_equal(F.tx[0].host, "h");
    feeder_fini(&F);
    /* nothing header-like after it: HTTP/0.9 */
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET /x\r\n");
    assert_false(has_event(&F, HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL));
    feeder_fini(&F);
}

/*
 * Framing as Suricata 8 reads these http-evader responses: a white-space-led
 * "Transfer-Encoding: chunked" line is a header (not a fold), a 204 with chunking is
 * de-chunked, a 101 without Upgrade is a final response with a body, and a CR before a
 * space does not end a header line.
 */
static void test_evader_framing(void **unused)
{
    (void)unused;
    static const char *const resps[] = {
        "HTTP/1.1 200 ok\r\nConnection: close\r\n Transfer-Encoding: chunked\r\n\r\n"
        "4\r\nX5O!\r\n4\r\nP%@A\r\n0\r\n\r\n",
        "HTTP/1.1 200 ok\r\nX-Foo: bar\r\n\tTransfer-Encoding: chunked\r\n\r\n"
        "4\r\nX5O!\r\n4\r\nP%@A\r\n0\r\n\r\n",
        "HTTP/1.1 204 ok\r\nTransfer-Encoding: chunked\r\n\r\n"
        "4\r\nX5O!\r\n4\r\nP%@A\r\n0\r\n\r\n",
        "HTTP/1.1 101 ok\r\nContent-length: 8\r\n\r\nX5O!P%@A",
        "HTTP/1.1 200 ok\r\nConnection: close\r\n\r \rTransfer-Encoding: chunked\r\n\r\n"
        "4\r\nX5O!\r\n4\r\nP%@A\r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof(resps) / sizeof(resps[0]); i++) {
        feeder_init(&F, NULL);
        feed_str(&F, 0, "GET /e HTTP/1.1\r\nHost: a\r\n\r\n");
        feed_str(&F, 1, resps[i]);
        feed_eof(&F);
        assert_int_equal(F.ntx, 1);
        assert_int_equal(F.tx[0].body_len[1], 8);
        assert_memory_equal(F.tx[0].body[1], "X5O!P%@A", 8);
        feeder_fini(&F);
    }
    /* a fold without a colon still continues the previous header */
    feeder_init(&F, NULL);
    feed_str(&F, 0, "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: one\r\n two\r\n\r\n");
    feed_str(&F, 1, "HTTP/1.1 204 No Content\r\n\r\n");
    assert_string_equal(F.tx[0].ua, "one two");
    assert_int_equal(F.tx[0].body_len[1], 0);
    feeder_fini(&F);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_every_split),
        cmocka_unit_test(test_get_bytewise),
        cmocka_unit_test(test_pipelining_every_split),
        cmocka_unit_test(test_msg_done),
        cmocka_unit_test(test_chunked_request),
        cmocka_unit_test(test_bad_chunk_len),
        cmocka_unit_test(test_uri_with_spaces),
        cmocka_unit_test(test_gzip_plain_request),
        cmocka_unit_test(test_close_in_headers),
        cmocka_unit_test(test_unchunked_body_no_eol),
        cmocka_unit_test(test_lenient_chunk_sizes),
        cmocka_unit_test(test_gzip_deflate),
        cmocka_unit_test(test_gzip_garbage),
        cmocka_unit_test(test_stacked_codings),
        cmocka_unit_test(test_gzip_header_retry),
        cmocka_unit_test(test_too_many_layers),
        cmocka_unit_test(test_header_nul_and_controls),
        cmocka_unit_test(test_response_lone_cr),
        cmocka_unit_test(test_response_lf_cr),
        cmocka_unit_test(test_status_leading_space),
        cmocka_unit_test(test_unexpected_body),
        cmocka_unit_test(test_junk_before_status),
        cmocka_unit_test(test_ws_lf_ends_headers),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_malformed_headers),
        cmocka_unit_test(test_repeated_content_length),
        cmocka_unit_test(test_missing_host_and_bad_status),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_headers_limit),
        cmocka_unit_test(test_body_limit),
        cmocka_unit_test(test_max_tx),
        cmocka_unit_test(test_100_continue),
        cmocka_unit_test(test_http09),
        cmocka_unit_test(test_connect_tunnel),
        cmocka_unit_test(test_gap_in_body),
        cmocka_unit_test(test_body_finalize),
        cmocka_unit_test(test_unmatched_response),
        cmocka_unit_test(test_log_at_eof),
        cmocka_unit_test(test_head_no_body),
        cmocka_unit_test(test_multipart_every_split),
        cmocka_unit_test(test_multipart_truncated),
        cmocka_unit_test(test_multipart_body_limit),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_event_names),
        cmocka_unit_test(test_raw_header_block),
        cmocka_unit_test(test_auth_unrecognized),
        cmocka_unit_test(test_request_body_unexpected),
        cmocka_unit_test(test_missing_protocol),
        cmocka_unit_test(test_evader_framing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
