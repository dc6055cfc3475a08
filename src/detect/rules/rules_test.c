/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests for the rule parser: real-world rule shapes beside what they must parse to, and
 * malformed rules beside the error each must give. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "detect/rules/parse.h"
#include "dlp/dlp.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static struct detect_classes classes;
static struct detect_refsys refs;

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (detect_classes_parse(&classes,
                             "config classification: trojan-activity,A Network Trojan was "
                             "detected,1\n"
                             "config classification: policy-violation,Potential Corporate "
                             "Privacy Violation,1\n"
                             "config classification: bad-unknown,Potentially Bad Traffic,2\n",
                             "classification.config", err, sizeof(err)) != 0)
        return -1;
    if (detect_refsys_parse(&refs,
                            "config reference: url http://\nconfig reference: cve x\n"
                            "config reference: md5 http://md5/\n",
                            "reference.config", err, sizeof(err)) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    detect_classes_fini(&classes);
    detect_refsys_fini(&refs);
    return 0;
}

static struct rule_env env(void)
{
    struct rule_env e = {.classes = &classes, .refs = &refs, .compile_pcre = true};
    return e;
}

static struct sig *parse_ok(const char *text)
{
    struct rule_env e = env();
    struct rule_fail f;
    struct sig *s = NULL;
    uint64_t ns = 0;
    if (rule_parse(&e, text, &s, &f, &ns) != 0)
        fail_msg("rule failed: %s: %s [%d]\n  %s", f.keyword, f.reason, f.kind, text);
    return s;
}

/* The rule must fail with this category, keyword and a reason containing `why`. */
static void parse_bad(const char *text, enum detect_rerr kind, const char *kw, const char *why)
{
    struct rule_env e = env();
    struct rule_fail f;
    struct sig *s = NULL;
    uint64_t ns = 0;
    int rc = rule_parse(&e, text, &s, &f, &ns);
    if (rc == 0) {
        sig_free(s);
        fail_msg("rule parsed but should fail (%s): %s", why, text);
    }
    if (f.kind != kind || strcmp(f.keyword, kw) != 0 || strstr(f.reason, why) == NULL)
        fail_msg("wrong error for %s\n  got [%d] '%s': %s\n  want [%d] '%s': ...%s...", text,
                 f.kind, f.keyword, f.reason, kind, kw, why);
    assert_null(s);
}

static const struct kw_content *content_at(const struct sig *s, uint32_t i)
{
    assert_true(i < s->nkws);
    assert_int_equal(s->kws[i].id, DETECT_KW_CONTENT);
    return s->kws[i].data;
}

static void test_et_http_rule(void **state)
{
    (void)state;
    struct sig *s = parse_ok(
        "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"ET MALWARE Win32/Fake CnC "
        "Checkin\"; flow:established,to_server; http.method; content:\"POST\"; http.uri; "
        "content:\"/gate.php\"; fast_pattern; endswith; http.user_agent; content:\"Mozilla/4.0\"; "
        "depth:11; reference:url,example.com/report; classtype:trojan-activity; sid:2000001; "
        "rev:3; metadata:created_at 2020_01_01, updated_at 2021_02_03;)");
    assert_int_equal(s->sid, 2000001);
    assert_int_equal(s->rev, 3);
    assert_int_equal(s->gid, 1);
    assert_int_equal(s->action, SIG_ACT_ALERT);
    assert_int_equal(s->proto, SIG_PROTO_APP);
    assert_string_equal(s->msg, "ET MALWARE Win32/Fake CnC Checkin");
    assert_string_equal(s->classtype, "trojan-activity");
    assert_int_equal(s->priority, 1); /* from the classtype */
    assert_int_equal(s->nrefs, 1);
    assert_string_equal(s->refs[0].type, "url");
    assert_string_equal(s->refs[0].value, "example.com/report");
    assert_int_equal(s->nmeta, 2);
    assert_string_equal(s->meta[1].key, "updated_at");
    assert_string_equal(s->meta[1].value, "2021_02_03");
    /* flow, content POST, content /gate.php, content Mozilla */
    assert_int_equal(s->nkws, 4);
    assert_int_equal(s->kws[0].id, DETECT_KW_FLOW);
    const struct kw_flow *fl = s->kws[0].data;
    assert_int_equal(fl->flags, KW_FLOW_ESTABLISHED | KW_FLOW_TO_SERVER);
    assert_int_equal(s->kws[1].buffer, DETECT_KW_HTTP_METHOD);
    assert_int_equal(s->kws[2].buffer, DETECT_KW_HTTP_URI);
    const struct kw_content *c = content_at(s, 2);
    assert_int_equal(c->len, 9);
    assert_memory_equal(c->pat, "/gate.php", 9);
    assert_int_equal(c->flags, KW_CONTENT_FAST | KW_CONTENT_ENDSWITH);
    assert_int_equal(s->kws[3].buffer, DETECT_KW_HTTP_USER_AGENT);
    assert_int_equal(content_at(s, 3)->depth, 11);
    assert_int_equal(s->fast_pattern, 2);
    assert_true(s->matchable); /* http buffers: matched on transactions */
    assert_false(s->unsupported[DETECT_KW_HTTP_URI / 64] & (1ull << (DETECT_KW_HTTP_URI % 64)));
    assert_false(s->src->any);
    assert_true(s->sp->any);
    sig_free(s);
}

static void test_content_hex_escapes_negation(void **state)
{
    (void)state;
    /* |hex| with spaces, the four escapes, and a negated content */
    struct sig *s = parse_ok("alert tcp any any -> any 445 (msg:\"x\"; "
                             "content:\"|ff|SMB|72 00|\"; offset:4; depth:9; "
                             "content:\"a\\;b\\\"c\\\\d\\:e\"; distance:0; within:20; "
                             "content:!\"|0d 0a|Host\"; nocase; sid:1;)");
    const struct kw_content *c = content_at(s, 0);
    assert_int_equal(c->len, 6);
    assert_memory_equal(c->pat, "\xffSMB\x72\x00", 6);
    assert_int_equal(c->offset, 4);
    assert_int_equal(c->depth, 9);
    assert_int_equal(c->flags, KW_CONTENT_OFFSET | KW_CONTENT_DEPTH);
    c = content_at(s, 1);
    assert_int_equal(c->len, 9);
    assert_memory_equal(c->pat, "a;b\"c\\d:e", 9);
    assert_int_equal(c->flags, KW_CONTENT_DISTANCE | KW_CONTENT_WITHIN);
    assert_int_equal(c->within, 20);
    c = content_at(s, 2);
    assert_memory_equal(c->pat, "\r\nHost", 6);
    assert_int_equal(c->flags, KW_CONTENT_NEGATED | KW_CONTENT_NOCASE);
    assert_true(s->matchable);
    assert_int_equal(s->priority, 3);
    /* the strongest positive content is chosen: "a;b"c\d:e" beats |ff|SMB|72 00| */
    assert_int_equal(s->fast_pattern, 1);
    sig_free(s);
}

static void test_fast_pattern_forms(void **state)
{
    (void)state;
    struct sig *s = parse_ok("alert tcp any any -> any any (content:\"abcdefgh\"; "
                             "fast_pattern:2,4; content:\"zz\"; sid:2;)");
    assert_int_equal(content_at(s, 0)->flags, KW_CONTENT_FAST | KW_CONTENT_FAST_CHOP);
    assert_int_equal(content_at(s, 0)->fp_chop_off, 2);
    assert_int_equal(content_at(s, 0)->fp_chop_len, 4);
    assert_int_equal(s->fast_pattern, 0);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any any (content:\"a\"; content:\"xyz\"; fast_pattern:only; "
                 "sid:3;)");
    assert_int_equal(content_at(s, 1)->flags, KW_CONTENT_FAST | KW_CONTENT_FAST_ONLY);
    assert_int_equal(s->fast_pattern, 1);
    sig_free(s);
    /* only negated contents: the negated one is used */
    s = parse_ok("alert tcp any any -> any any (content:!\"abc\"; sid:4;)");
    assert_int_equal(s->fast_pattern, 0);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any any (flow:established; sid:5;)");
    assert_int_equal(s->fast_pattern, -1);
    sig_free(s);
}

static void test_legacy_modifiers(void **state)
{
    (void)state;
    /* Snort-era content modifiers move the preceding content into the buffer */
    struct sig *s = parse_ok("alert tcp $EXTERNAL_NET any -> $HOME_NET $HTTP_PORTS "
                             "(msg:\"legacy\"; content:\"GET\"; http_method; content:\"/a.php\"; "
                             "nocase; http_uri; content:\"x\"; sid:6;)");
    assert_int_equal(s->kws[0].buffer, DETECT_KW_HTTP_METHOD);
    assert_int_equal(s->kws[1].buffer, DETECT_KW_HTTP_URI);
    assert_int_equal(content_at(s, 1)->flags, KW_CONTENT_NOCASE);
    assert_int_equal(s->kws[2].buffer, DETECT_BUF_PAYLOAD);
    assert_true(sig_ports_contains(s->dp, 80));
    assert_false(sig_ports_contains(s->dp, 81));
    sig_free(s);
}

static void test_pcre(void **state)
{
    (void)state;
    struct sig *s = parse_ok("alert http any any -> any any (http.uri; content:\"/x\"; "
                             "pcre:\"/^\\/x\\/[a-f0-9]{8}\\.php$/Ui\"; sid:7;)");
    assert_int_equal(s->kws[1].id, DETECT_KW_PCRE);
    assert_int_equal(s->kws[1].buffer, DETECT_KW_HTTP_URI);
    const struct kw_pcre *p = s->kws[1].data;
    assert_non_null(p->code);
    assert_int_equal(p->options, PCRE2_CASELESS);
    assert_string_equal(p->source, "^\\/x\\/[a-f0-9]{8}\\.php$");
    sig_free(s);
    /* negated, relative, in the payload, with the escaped ';' and all the PCRE2 flags */
    s = parse_ok("alert tcp any any -> any any (content:\"a\"; pcre:!\"/b\\;c/smxAEGRBO\"; "
                 "sid:8;)");
    p = s->kws[1].data;
    assert_int_equal(s->kws[1].buffer, DETECT_BUF_PAYLOAD);
    assert_int_equal(p->flags,
                     KW_PCRE_NEGATED | KW_PCRE_RELATIVE | KW_PCRE_RAWBYTES | KW_PCRE_NOLIMIT);
    assert_int_equal(p->options, PCRE2_DOTALL | PCRE2_MULTILINE | PCRE2_EXTENDED | PCRE2_ANCHORED |
                                     PCRE2_DOLLAR_ENDONLY | PCRE2_UNGREEDY);
    sig_free(s);
    /* the header modifiers map to their buffers */
    static const struct {
        const char *flag;
        enum detect_kw_id buf;
    } mods[] = {{"H", DETECT_KW_HTTP_HEADER},    {"P", DETECT_KW_HTTP_REQUEST_BODY},
                {"C", DETECT_KW_HTTP_COOKIE},    {"I", DETECT_KW_HTTP_URI_RAW},
                {"M", DETECT_KW_HTTP_METHOD},    {"D", DETECT_KW_HTTP_HEADER_RAW},
                {"S", DETECT_KW_HTTP_STAT_CODE}, {"Y", DETECT_KW_HTTP_STAT_MSG},
                {"Q", DETECT_KW_FILE_DATA},      {"V", DETECT_KW_HTTP_USER_AGENT},
                {"W", DETECT_KW_HTTP_HOST},      {"Z", DETECT_KW_HTTP_HOST_RAW}};
    for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
        char rule[160];
        snprintf(rule, sizeof(rule), "alert http any any -> any any (pcre:\"/a/%s\"; sid:9;)",
                 mods[i].flag);
        s = parse_ok(rule);
        assert_int_equal(s->kws[0].buffer, mods[i].buf);
        sig_free(s);
    }
}

static void test_byte_keywords(void **state)
{
    (void)state;
    struct sig *s = parse_ok(
        "alert tcp any any -> any any (content:\"|00 01|\"; byte_extract:2,0,len,relative,"
        "little; byte_test:4,!&,0x80,len,relative,big; byte_jump:2,0,relative,multiplier 2,"
        "post_offset -1,align,from_beginning; byte_math:bytes 2, offset 1, oper +, rvalue len, "
        "result sum, relative, endian big; isdataat:!sum,relative; content:\"x\"; distance:len; "
        "byte_test:0,>,800,0,string,dec; sid:10;)");
    const struct kw_byte *b = s->kws[1].data;
    assert_int_equal(b->nbytes, 2);
    assert_int_equal(b->var, 0);
    assert_int_equal(b->flags, KW_BYTE_RELATIVE | KW_BYTE_LITTLE);
    b = s->kws[2].data;
    assert_int_equal(b->op, KW_BYTE_OP_AND);
    assert_int_equal(b->flags, KW_BYTE_NEGATE | KW_BYTE_RELATIVE | KW_BYTE_BIG);
    assert_int_equal(b->value, 0x80);
    assert_int_equal(b->offset_var, 0);
    b = s->kws[3].data;
    assert_int_equal(b->multiplier, 2);
    assert_int_equal(b->post_offset, -1);
    assert_int_equal(b->flags, KW_BYTE_RELATIVE | KW_BYTE_ALIGN | KW_BYTE_FROM_BEGINNING);
    b = s->kws[4].data;
    assert_int_equal(b->op, KW_BYTE_OP_ADD);
    assert_int_equal(b->value_var, 0);
    assert_int_equal(b->var, 1);
    const struct kw_isdataat *d = s->kws[5].data;
    assert_int_equal(d->var, 1);
    assert_int_equal(d->flags, KW_ISDATAAT_NEGATED | KW_ISDATAAT_RELATIVE);
    assert_int_equal(content_at(s, 6)->distance_var, 0);
    b = s->kws[7].data;
    assert_int_equal(b->nbytes, 0);
    assert_int_equal(b->base, 10);
    sig_free(s);
}

static void test_flow_state_keywords(void **state)
{
    (void)state;
    struct sig *s = parse_ok(
        "alert tcp any any -> any any (flow:to_client,established,only_stream; "
        "flowbits:isset,ET.a|ET.b; flowbits:set,ET.c; flowbits:noalert; flowint:cnt,+,1; "
        "flowint:cnt,>,5; flowint:other,isset; threshold: type limit, track by_src, count 1, "
        "seconds 60; sid:11;)");
    assert_true(s->noalert);
    const struct kw_bits *b = s->kws[1].data;
    assert_int_equal(b->cmd, KW_BITS_ISSET);
    assert_true(b->any);
    assert_int_equal(b->n, 2);
    assert_string_equal(b->names[1], "ET.b");
    const struct kw_flowint *fi = s->kws[4].data;
    assert_int_equal(fi->op, KW_FLOWINT_ADD);
    assert_int_equal(fi->value, 1);
    const struct kw_threshold *t = s->kws[7].data;
    assert_int_equal(t->type, KW_THRESHOLD_LIMIT);
    assert_int_equal(t->track, KW_TRACK_BY_SRC);
    assert_int_equal(t->seconds, 60);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any 22 (flow:to_server; detection_filter:track by_dst, "
                 "count 5, seconds 30; xbits:set,scan,track ip_src,expire 60; sid:12;)");
    t = s->kws[1].data;
    assert_int_equal(t->type, KW_THRESHOLD_DETECTION_FILTER);
    assert_int_equal(t->count, 5);
    assert_true(s->matchable); /* xbits are matched */
    sig_free(s);
}

static void test_header_keywords(void **state)
{
    (void)state;
    struct sig *s =
        parse_ok("alert ip any any -> any any (ttl:<5; tos:!0x10; ipopts:lsrr; fragbits:M+; "
                 "fragoffset:>0; id:31337; ip_proto:gre; sameip; dsize:300<>400; sid:13;)");
    const struct kw_num *n = s->kws[0].data;
    assert_int_equal(n->op, KW_NUM_LT);
    assert_int_equal(n->a, 5);
    n = s->kws[1].data;
    assert_int_equal(n->op, KW_NUM_NE);
    assert_int_equal(n->a, 0x10);
    assert_int_equal(((const struct kw_bitmatch *)s->kws[3].data)->bits, 1);
    assert_int_equal(((const struct kw_bitmatch *)s->kws[3].data)->mod, '+');
    assert_int_equal(((const struct kw_num *)s->kws[6].data)->a, 47);
    assert_int_equal(s->kws[7].id, DETECT_KW_SAMEIP);
    n = s->kws[8].data;
    assert_int_equal(n->op, KW_NUM_RANGE);
    assert_int_equal(n->b, 400);
    assert_true(s->matchable);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any any (flags:S,12; seq:0; ack:0; window:55808; sid:14;)");
    const struct kw_bitmatch *f = s->kws[0].data;
    assert_int_equal(f->bits, 0x02);
    assert_int_equal(f->mask, 0xc0);
    sig_free(s);
    s = parse_ok("alert icmp any any -> any any (itype:8; icode:0; icmp_id:0; icmp_seq:0; "
                 "decode-event:ipv4.trunc_pkt; sid:15;)");
    assert_int_equal(s->proto, SIG_PROTO_ICMP);
    assert_int_equal(s->nkws, 5);
    sig_free(s);
}

static void test_sticky_transforms_misc(void **state)
{
    (void)state;
    struct sig *s = parse_ok(
        "alert dns $HOME_NET any -> any any (msg:\"ET INFO DNS Query to .xyz\"; dns.query; "
        "dotprefix; content:\".xyz\"; endswith; bsize:>4; tls.sni; bsize:<100; "
        "app-layer-protocol:!tls; stream-event:stream.pkt_invalid_ack; target:dest_ip; "
        "priority:2; classtype:bad-unknown; sid:16; gid:3; rev:1;)");
    assert_int_equal(s->kws[0].id, DETECT_KW_DOTPREFIX);
    assert_int_equal(s->kws[0].buffer, DETECT_KW_DNS_QUERY);
    assert_int_equal(s->kws[1].buffer, DETECT_KW_DNS_QUERY);
    assert_int_equal(s->kws[3].buffer, DETECT_KW_TLS_SNI); /* bsize in tls.sni */
    /* the first keyword after each sticky buffer starts a list (transforms included) */
    assert_true(s->kws[0].list_start && !s->kws[1].list_start && !s->kws[2].list_start);
    assert_true(s->kws[3].list_start);
    assert_true(s->target_set && s->target_dst);
    assert_int_equal(s->priority, 2); /* priority beats the classtype's */
    assert_int_equal(s->gid, 3);
    sig_free(s);
    /* a sticky buffer named again starts another list (multi-buffer matching) */
    s = parse_ok("alert http any any -> any any (file.data; content:\"a\"; content:\"b\"; "
                 "file.data; content:\"c\"; sid:17;)");
    assert_true(s->kws[0].list_start && !s->kws[1].list_start && s->kws[2].list_start);
    sig_free(s);
    /* Snort-era uricontent, http_content_type as Suricata's sticky alias, pcre captures,
     * Suricata 8's "!=" and unique_on, a flowbit name with '/', byte_jump of 0 bytes */
    s = parse_ok("alert http any any -> any any (uricontent:\"/a\"; nocase; http_content_type; "
                 "content:\"json\"; pkt_data; pcre:\"/^(.*)\\/(\\d+)/VG, flow:key,flow:value\"; "
                 "flowbits:set,traffic/id/x; sid:18;)");
    assert_int_equal(s->kws[0].buffer, DETECT_KW_HTTP_URI);
    assert_int_equal(content_at(s, 0)->flags, KW_CONTENT_NOCASE);
    assert_int_equal(s->kws[1].buffer, DETECT_KW_HTTP_CONTENT_TYPE);
    assert_int_equal(s->kws[2].buffer, DETECT_KW_HTTP_USER_AGENT);
    assert_true(((const struct kw_pcre *)s->kws[2].data)->flags & KW_PCRE_CAPTURE);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any any (itype: != 0; content:\"a\"; byte_jump:0,0,relative,"
                 "post_offset -7; detection_filter: track by_dst, count 1, seconds 60, unique_on "
                 "dst_port; sid:19;)");
    assert_int_equal(((const struct kw_num *)s->kws[0].data)->op, KW_NUM_NE);
    assert_int_equal(((const struct kw_threshold *)s->kws[3].data)->unique_on, KW_UNIQUE_DST_PORT);
    sig_free(s);
    /* aliases, case-insensitive keyword names, a rule without a space before '(' */
    s = parse_ok("alert tcp any any -> any any(Content:\"x\"; file_data; content:\"y\"; "
                 "pkt_data; content:\"z\"; sid:17;)");
    assert_int_equal(s->kws[1].buffer, DETECT_KW_FILE_DATA);
    assert_int_equal(s->kws[2].buffer, DETECT_BUF_PAYLOAD);
    sig_free(s);
}

static void test_header_forms(void **state)
{
    (void)state;
    static const char *const ok[] = {
        ("pass tcp [10.0.0.0/8, !10.1.0.0/16] [1024:,!1433] <> ![192.168.1.1,10.0.0.1] :1023 "
         "(sid:20;)"),
        "drop udp 2001:db8::/32 53 -> [::1, fe80::1-fe80::ff] [53,5353] (sid:21;)",
        "reject tcp any any -> any any (sid:22;)",
        "rejectsrc tcp any any -> any any (sid:23;)",
        "rejectdst tcp any any -> any any (sid:24;)",
        "rejectboth tcp any any -> any any (sid:25;)",
        "alert tcp-pkt 1.2.3.4/255.255.255.0 any -> 5.6.7.8-5.6.7.9 any (sid:26;)",
        "alert ipv6 any any -> any any (sid:27;)",
        "alert smtp $SMTP_SERVERS 25 -> $EXTERNAL_NET $SHELLCODE_PORTS (sid:28;)",
        "alert tcp [$HOME_NET,![$DNS_SERVERS,!10.0.0.1]] any -> any $FILE_DATA_PORTS (sid:29;)",
        "alert tcp any any -> any any (msg:\"multi\\\"quote\"; sid:30;)  ",
        "alert tcp [$HOME_NET,!192.168.1.1] any -> any any (sid:31;)",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        sig_free(parse_ok(ok[i]));
    struct sig *s = parse_ok(ok[0]);
    assert_true(s->bidirectional);
    assert_int_equal(s->action, SIG_ACT_PASS);
    uint8_t a[4] = {10, 1, 2, 3}, b[4] = {10, 2, 0, 1};
    assert_false(sig_addr_contains(s->src, a, 4));
    assert_true(sig_addr_contains(s->src, b, 4));
    assert_false(sig_ports_contains(s->sp, 1433));
    assert_true(sig_ports_contains(s->sp, 1434));
    assert_false(sig_ports_contains(s->sp, 80));
    sig_free(s);
}

static void test_bad_header(void **state)
{
    (void)state;
    parse_bad("alertt tcp any any -> any any (sid:1;)", DETECT_RERR_ACTION, "", "'alertt'");
    parse_bad("alert tcpx any any -> any any (sid:1;)", DETECT_RERR_PROTO, "", "'tcpx'");
    parse_bad("alert tcp any any <- any any (sid:1;)", DETECT_RERR_DIRECTION, "", "'<-'");
    parse_bad("alert tcp 1.2.3.256 any -> any any (sid:1;)", DETECT_RERR_ADDRESS, "",
              "invalid address '1.2.3.256'");
    parse_bad("alert tcp 1.2.3.0/33 any -> any any (sid:1;)", DETECT_RERR_ADDRESS, "",
              "invalid netmask");
    parse_bad("alert tcp $NOPE any -> any any (sid:1;)", DETECT_RERR_ADDRESS, "",
              "unknown address variable '$NOPE'");
    parse_bad("alert tcp !any any -> any any (sid:1;)", DETECT_RERR_ADDRESS, "", "matches nothing");
    parse_bad("alert tcp [1.2.3.4 any -> any any (sid:1;)", DETECT_RERR_SYNTAX, "",
              "header incomplete");
    parse_bad("alert tcp [1.2.3.4,] any -> any any (sid:1;)", DETECT_RERR_ADDRESS, "",
              "trailing comma");
    parse_bad("alert tcp any 65536 -> any any (sid:1;)", DETECT_RERR_PORT, "", "invalid port");
    parse_bad("alert tcp any 90:80 -> any any (sid:1;)", DETECT_RERR_PORT, "", "ends before");
    parse_bad("alert tcp any $HOME_NET -> any any (sid:1;)", DETECT_RERR_PORT, "",
              "unknown port variable");
    parse_bad("alert tcp any any -> any (sid:1;)", DETECT_RERR_SYNTAX, "", "no destination port");
    parse_bad("alert tcp any any -> any any x (sid:1;)", DETECT_RERR_SYNTAX, "", "'x'");
    parse_bad("alert tcp any any -> any any sid:1;", DETECT_RERR_SYNTAX, "", "no '('");
    parse_bad("alert tcp any any -> any any (sid:1;", DETECT_RERR_SYNTAX, "", "end with ')'");
}

static void test_bad_options(void **state)
{
    (void)state;
    const char *h = "alert tcp any any -> any any ";
    static const struct {
        const char *opts;
        enum detect_rerr kind;
        const char *kw;
        const char *why;
    } cases[] = {
        {"(msg:\"x\"; sid:1)", DETECT_RERR_SYNTAX, "sid", "not terminated"},
        {"(msg:\"x\"; foo:bar; sid:1;)", DETECT_RERR_UNKNOWN_KEYWORD, "foo", "'foo'"},
        {"(msg:\"x\";)", DETECT_RERR_NO_SID, "", "no sid"},
        {"(sid:0;)", DETECT_RERR_VALUE, "sid", "from 1"},
        {"(sid:1; sid:2;)", DETECT_RERR_CONTEXT, "sid", "twice"},
        {"(sid:x;)", DETECT_RERR_VALUE, "sid", "'x'"},
        {"(msg:x; sid:1;)", DETECT_RERR_VALUE, "msg", "quoted"},
        {"(nocase; sid:1;)", DETECT_RERR_CONTEXT, "nocase", "preceding content"},
        {"(content:\"a\"; nocase; nocase; sid:1;)", DETECT_RERR_CONTEXT, "nocase", "twice"},
        {"(content:\"|4g|\"; sid:1;)", DETECT_RERR_VALUE, "content", "invalid hex"},
        {"(content:\"|414|\"; sid:1;)", DETECT_RERR_VALUE, "content", "odd number"},
        {"(content:\"|41\"; sid:1;)", DETECT_RERR_VALUE, "content", "unterminated"},
        {"(content:\"a\\x\"; sid:1;)", DETECT_RERR_VALUE, "content", "invalid escape"},
        {"(content:\"a\"b\"; sid:1;)", DETECT_RERR_VALUE, "content", "unescaped"},
        {"(content:abc; sid:1;)", DETECT_RERR_VALUE, "content", "quoted"},
        {"(content:\"\"; sid:1;)", DETECT_RERR_VALUE, "content", "empty"},
        {"(content; sid:1;)", DETECT_RERR_VALUE, "content", "needs a value"},
        {"(content:\"a\"; nocase:1; sid:1;)", DETECT_RERR_VALUE, "nocase", "takes no value"},
        {"(content:\"abc\"; depth:2; sid:1;)", DETECT_RERR_VALUE, "content", "depth 2"},
        {"(content:\"abc\"; within:2; sid:1;)", DETECT_RERR_VALUE, "content", "within 2"},
        {"(content:\"a\"; depth:5; distance:1; sid:1;)", DETECT_RERR_CONTEXT, "content",
         "mixes absolute"},
        {"(content:\"a\"; startswith; depth:5; sid:1;)", DETECT_RERR_CONTEXT, "depth",
         "startswith"},
        {"(content:\"a\"; depth:x; sid:1;)", DETECT_RERR_VALUE, "depth", "byte_extract"},
        {"(content:\"a\"; fast_pattern; content:\"b\"; fast_pattern; sid:1;)", DETECT_RERR_CONTEXT,
         "content", "more than one"},
        {"(content:!\"a\"; fast_pattern:only; sid:1;)", DETECT_RERR_CONTEXT, "content", "negated"},
        {"(content:\"ab\"; fast_pattern:1,5; sid:1;)", DETECT_RERR_VALUE, "content", "runs past"},
        {"(content:\"ab\"; fast_pattern:x; sid:1;)", DETECT_RERR_VALUE, "fast_pattern", "'x'"},
        {"(pcre:\"/a(/\"; sid:1;)", DETECT_RERR_PCRE, "pcre", "does not compile"},
        {"(pcre:\"/a/q\"; sid:1;)", DETECT_RERR_VALUE, "pcre", "modifier 'q'"},
        {"(pcre:\"a\"; sid:1;)", DETECT_RERR_VALUE, "pcre", "/regex/flags"},
        {"(pcre:\"/a/UH\"; sid:1;)", DETECT_RERR_VALUE, "pcre", "two buffer"},
        {"(http.uri; pcre:\"/a/H\"; sid:1;)", DETECT_RERR_CONTEXT, "pcre", "sticky buffer"},
        {"(byte_test:4,=,1; sid:1;)", DETECT_RERR_VALUE, "byte_test", "offset"},
        {"(byte_test:4,~,1,0; sid:1;)", DETECT_RERR_VALUE, "byte_test", "operator"},
        {"(byte_test:9,=,1,0; sid:1;)", DETECT_RERR_VALUE, "byte_test", "at most 8"},
        {"(byte_test:2,=,1,0,hex; sid:1;)", DETECT_RERR_VALUE, "byte_test", "need 'string'"},
        {"(byte_test:2,=,1,0,big,little; sid:1;)", DETECT_RERR_VALUE, "byte_test", "both"},
        {"(byte_jump:2,0,bogus; sid:1;)", DETECT_RERR_VALUE, "byte_jump", "'bogus'"},
        {"(byte_extract:2,0,1x; sid:1;)", DETECT_RERR_VALUE, "byte_extract", "variable name"},
        {"(byte_extract:2,0,v; byte_extract:2,0,v; sid:1;)", DETECT_RERR_VALUE, "byte_extract",
         "twice"},
        {"(byte_math:bytes 2, offset 0, oper +, rvalue 1; sid:1;)", DETECT_RERR_VALUE, "byte_math",
         "result"},
        {"(isdataat:x; sid:1;)", DETECT_RERR_VALUE, "isdataat", "number"},
        {"(flow:to_server,to_client; sid:1;)", DETECT_RERR_VALUE, "flow", "conflicts"},
        {"(flow:established,stateless; sid:1;)", DETECT_RERR_VALUE, "flow", "conflicts"},
        {"(flow:sideways; sid:1;)", DETECT_RERR_VALUE, "flow", "'sideways'"},
        {"(flow:established; flow:to_server; sid:1;)", DETECT_RERR_CONTEXT, "flow", "twice"},
        {"(flowbits:set; sid:1;)", DETECT_RERR_VALUE, "flowbits", "needs a name"},
        {"(flowbits:frob,a; sid:1;)", DETECT_RERR_VALUE, "flowbits", "unknown command"},
        {"(flowbits:set,a|b; sid:1;)", DETECT_RERR_VALUE, "flowbits", "'|'"},
        {"(flowbits:noalert,a; sid:1;)", DETECT_RERR_VALUE, "flowbits", "no name"},
        {"(flowint:a,isset,3; sid:1;)", DETECT_RERR_VALUE, "flowint", "no value"},
        {"(flowint:a,**,3; sid:1;)", DETECT_RERR_VALUE, "flowint", "operator"},
        {"(threshold:type limit, track by_src, count 1; sid:1;)", DETECT_RERR_VALUE, "threshold",
         "seconds"},
        {"(threshold:type often, track by_src, count 1, seconds 1; sid:1;)", DETECT_RERR_VALUE,
         "threshold", "often"},
        {"(detection_filter:track by_src, count 1, seconds 1; threshold:type limit, track "
         "by_src, count 1, seconds 1; sid:1;)",
         DETECT_RERR_CONTEXT, "threshold", "not allowed in the same rule"},
        {"(threshold:type limit, track by_src, count 1, seconds 1; threshold:type limit, track "
         "by_src, count 1, seconds 1; sid:1;)",
         DETECT_RERR_CONTEXT, "threshold", "given twice"},
        {"(detection_filter:track by_rule, count 1, seconds 1; sid:1;)", DETECT_RERR_VALUE,
         "detection_filter", "by_rule"},
        {"(detection_filter:track by_src, count 1, seconds 0; sid:1;)", DETECT_RERR_VALUE,
         "detection_filter", "at least 1"},
        {"(http.uri; sid:1;)", DETECT_RERR_CONTEXT, "", "nothing tests it"},
        {"(http.uri; http.host; content:\"a\"; sid:1;)", DETECT_RERR_CONTEXT, "http.host",
         "nothing tests it before 'http.host'"},
        {"(dns.query; to_lowercase; sid:1;)", DETECT_RERR_CONTEXT, "", "nothing tests it"},
        {"(uricontent:\"a\"; http.uri; content:\"b\"; uricontent:\"c\"; sid:1;)",
         DETECT_RERR_CONTEXT, "uricontent", "sticky buffer"},
        {"(ttl:300; sid:1;)", DETECT_RERR_VALUE, "ttl", "at most 255"},
        {"(dsize:400<>300; sid:1;)", DETECT_RERR_VALUE, "dsize", "N<>M"},
        {"(dsize:1; dsize:2; sid:1;)", DETECT_RERR_CONTEXT, "dsize", "twice"},
        {"(flags:SX; sid:1;)", DETECT_RERR_VALUE, "flags", "'SX'"},
        {"(fragbits:Q; sid:1;)", DETECT_RERR_VALUE, "fragbits", "'Q'"},
        {"(ipopts:foo; sid:1;)", DETECT_RERR_VALUE, "ipopts", "'foo'"},
        {"(classtype:nope; sid:1;)", DETECT_RERR_CLASSTYPE, "classtype", "'nope'"},
        {"(reference:nope,1; sid:1;)", DETECT_RERR_REFERENCE, "reference", "'nope'"},
        {"(reference:url; sid:1;)", DETECT_RERR_VALUE, "reference", "<type>,<id>"},
        {"(priority:0; sid:1;)", DETECT_RERR_VALUE, "priority", "1 to 255"},
        {"(target:both; sid:1;)", DETECT_RERR_VALUE, "target", "src_ip or dest_ip"},
        {"(http_uri; sid:1;)", DETECT_RERR_CONTEXT, "http_uri", "preceding content"},
        {"(http.uri; content:\"a\"; http_header; sid:1;)", DETECT_RERR_CONTEXT, "http_header",
         "already in the 'http.uri'"},
        {"(dotprefix; sid:1;)", DETECT_RERR_CONTEXT, "dotprefix", "sticky buffer"},
        {"(itype:=!3; sid:1;)", DETECT_RERR_VALUE, "itype", "'=!3'"},
        {"(bsize:1; sid:1;)", DETECT_RERR_CONTEXT, "bsize", "sticky buffer"},
        {"(decode-event:ipv4.nope; sid:1;)", DETECT_RERR_VALUE, "decode-event", "unknown event"},
        {"(app-layer-protocol:gopher; sid:1;)", DETECT_RERR_VALUE, "app-layer-protocol",
         "'gopher'"},
        {"(stream_size:server,<<,6; sid:1;)", DETECT_RERR_VALUE, "stream_size", "<op>"},
        {"(urilen:5,both; sid:1;)", DETECT_RERR_VALUE, "urilen", "'both'"},
        {"(xbits:set,a,track ip_foo; sid:1;)", DETECT_RERR_VALUE, "xbits", "'ip_foo'"},
        {"( ; sid:1;)", DETECT_RERR_SYNTAX, "", "empty option"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char rule[512];
        snprintf(rule, sizeof(rule), "%s%s", h, cases[i].opts);
        parse_bad(rule, cases[i].kind, cases[i].kw, cases[i].why);
    }
}

static void test_sid_reported_on_failure(void **state)
{
    (void)state;
    struct rule_env e = env();
    struct rule_fail f;
    struct sig *s;
    uint64_t ns = 0;
    /* the sid comes after the bad keyword, and is still named */
    assert_int_equal(
        rule_parse(&e, "alert tcp any any -> any any (foo; sid:2012345; rev:1;)", &s, &f, &ns),
        KH_EINVAL);
    assert_int_equal(f.sid, 2012345);
    assert_int_equal(
        rule_parse(&e, "alert tcp bad any -> any any (msg:\"sid:9\"; sid: 77;)", &s, &f, &ns),
        KH_EINVAL);
    assert_int_equal(f.sid, 77);
}

static void test_no_pcre_compile(void **state)
{
    (void)state;
    struct rule_env e = env();
    struct rule_fail f;
    struct sig *s;
    uint64_t ns = 0;
    e.compile_pcre = false;
    assert_int_equal(
        rule_parse(&e, "alert tcp any any -> any any (pcre:\"/a(/\"; sid:1;)", &s, &f, &ns), 0);
    assert_null(((const struct kw_pcre *)s->kws[0].data)->code);
    sig_free(s);
}

/* dlp and Snort 3's sd_pattern: detector names, counts, and what is refused. */
static void test_dlp_keywords(void **state)
{
    (void)state;
    struct sig *s = parse_ok("alert tcp any any -> any any (dlp:cccd,count 20; sid:1;)");
    assert_int_equal(s->nkws, 1);
    const struct kw_dlp *d = s->kws[0].data;
    assert_int_equal(d->kind, DLP_CCCD);
    assert_int_equal(d->count, 20);
    assert_true(s->matchable);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any any (sd_pattern:\"credit_card\", threshold 2; sid:2;)");
    d = s->kws[0].data;
    assert_int_equal(d->kind, DLP_CARD);
    assert_int_equal(d->count, 2);
    sig_free(s);
    s = parse_ok("alert tcp any any -> any any (dlp:email; sid:3;)");
    assert_int_equal(((const struct kw_dlp *)s->kws[0].data)->count, 1);
    sig_free(s);
    parse_bad("alert tcp any any -> any any (dlp:ssn; sid:4;)", DETECT_RERR_VALUE, "dlp",
              "unknown detector");
    parse_bad("alert tcp any any -> any any (dlp:cccd,count 0; sid:5;)", DETECT_RERR_VALUE, "dlp",
              "count N");
    parse_bad("alert tcp any any -> any any (sd_pattern:\"us_social\"; sid:6;)", DETECT_RERR_VALUE,
              "sd_pattern", "not a built-in");
    parse_bad("alert http any any -> any any (file_data; sd_pattern:\"email\"; sid:7;)",
              DETECT_RERR_CONTEXT, "sd_pattern", "sticky buffer");
}

static void test_registry(void **state)
{
    (void)state;
    for (int k = 0; k < DETECT_KW_MAX; k++) {
        const struct detect_kw *kw = detect_kw_get((enum detect_kw_id)k);
        assert_int_equal(detect_kw_lookup(kw->name, strlen(kw->name)), k);
        assert_non_null(kw->parse);
        /* sticky aliases point at a canonical sticky buffer */
        if (kw->kind == DETECT_KW_KIND_STICKY || kw->kind == DETECT_KW_KIND_CBUF)
            assert_int_equal(detect_kw_get(kw->buffer)->kind, DETECT_KW_KIND_STICKY);
    }
    assert_int_equal(detect_kw_lookup("http.uriX", 9), -1);
    assert_int_equal(detect_kw_lookup("HTTP.URI", 8), DETECT_KW_HTTP_URI);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_et_http_rule),
        cmocka_unit_test(test_content_hex_escapes_negation),
        cmocka_unit_test(test_fast_pattern_forms),
        cmocka_unit_test(test_legacy_modifiers),
        cmocka_unit_test(test_pcre),
        cmocka_unit_test(test_byte_keywords),
        cmocka_unit_test(test_flow_state_keywords),
        cmocka_unit_test(test_header_keywords),
        cmocka_unit_test(test_sticky_transforms_misc),
        cmocka_unit_test(test_dlp_keywords),
        cmocka_unit_test(test_header_forms),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_sid_reported_on_failure),
        cmocka_unit_test(test_no_pcre_compile),
        cmocka_unit_test(test_registry),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
