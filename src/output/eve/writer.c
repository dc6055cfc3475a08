/* SPDX-License-Identifier: GPL-2.0-only */
/* The EVE file sink and the fields every record starts with. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"
#include "eve_internal.h"

static char *join_path(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *p = kh_malloc(len);
    if (p == NULL)
        return NULL;
    if (name[0] == '/' || dir[0] == '\0')
        snprintf(p, len, "%s", name);
    else
        snprintf(p, len, "%s/%s", dir, name);
    return p;
}

struct eve_output *eve_output_new(const struct eve_config *cfg, const char *log_dir, char *errbuf,
                                  size_t errlen)
{
    struct eve_output *eo = kh_calloc(1, sizeof(*eo));
    if (eo == NULL)
        goto out_nomem;
    eo->fd = -1;
    eo->cfg = *cfg;
    ts_cache_init(&eo->tc);
    eo->path = join_path(log_dir, cfg->filename);
    if (eo->path == NULL ||
        jb_init(&eo->jb, 2 * EVE_WRITE_BUF, EVE_WRITE_BUF + EVE_RECORD_MAX) != KH_OK)
        goto out_nomem;
    /* Suricata appends to an existing eve.json; so does khien. */
    eo->fd = open(eo->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (eo->fd < 0) {
        snprintf(errbuf, errlen, "%s: %s", eo->path, strerror(errno));
        goto out_free;
    }
    return eo;

out_nomem:
    snprintf(errbuf, errlen, "eve-log: out of memory");
out_free:
    eve_output_free(eo);
    return NULL;
}

/* Write all of buf; on failure say so once and count what follows as dropped. */
static void write_all(struct eve_output *eo, const char *buf, size_t len)
{
    size_t off = 0;
    while (off < len && !eo->write_failed) {
        ssize_t n = write(eo->fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            kh_err("%s: write failed: %s; further records are counted as dropped", eo->path,
                   n < 0 ? strerror(errno) : "no progress");
            eo->write_failed = true;
            break;
        }
        off += (size_t)n;
    }
}

static void flush(struct eve_output *eo)
{
    write_all(eo, eo->jb.buf, eo->jb.len);
    jb_reset(&eo->jb);
}

int eve_output_free(struct eve_output *eo)
{
    if (eo == NULL)
        return KH_OK;
    int rc = KH_OK;
    if (eo->fd >= 0) {
        flush(eo);
        if (close(eo->fd) != 0 || eo->write_failed)
            rc = KH_EIO;
    }
    jb_fini(&eo->jb);
    kh_free(eo->path);
    kh_free(eo);
    return rc;
}

void eve_output_set_pcap_file(struct eve_output *eo, const char *path)
{
    eo->pcap_file = path;
}

const struct eve_stats *eve_output_stats(const struct eve_output *eo)
{
    return &eo->st;
}

const char *eve_output_path(const struct eve_output *eo)
{
    return eo->path;
}

void eve_begin(struct eve_output *eo, uint64_t ts_usec, uint64_t flow_id, uint64_t pcap_cnt,
               const char *event_type)
{
    char ts[KH_TS_LEN + 1];
    eo->rec_start = eo->jb.len;
    jb_begin_document(&eo->jb);
    jb_open_object(&eo->jb, NULL);
    ts_format(&eo->tc, ts_usec, ts);
    jb_str_plain(&eo->jb, "timestamp", ts, KH_TS_LEN);
    if (flow_id)
        jb_u64(&eo->jb, "flow_id", flow_id);
    if (pcap_cnt)
        jb_u64(&eo->jb, "pcap_cnt", pcap_cnt);
    jb_str_plain(&eo->jb, "event_type", event_type, strlen(event_type));
}

void eve_end(struct eve_output *eo, enum eve_type type)
{
    if (eo->cfg.pcap_file && eo->pcap_file)
        jb_str(&eo->jb, "pcap_filename", eo->pcap_file);
    if (eo->cfg.suricata_version)
        jb_str_plain(&eo->jb, "suricata_version", EVE_SURICATA_VERSION,
                     sizeof(EVE_SURICATA_VERSION) - 1);
    jb_close_object(&eo->jb);
    jb_append(&eo->jb, "\n", 1);
    if (unlikely(eo->jb.overflow || eo->write_failed)) {
        jb_truncate(&eo->jb, eo->rec_start); /* a line is never split: drop it whole */
        eo->st.dropped++;
        return;
    }
    eo->st.bytes += eo->jb.len - eo->rec_start;
    eo->st.records[__builtin_ctz((unsigned)type)]++;
    if (eo->jb.len >= EVE_WRITE_BUF)
        flush(eo);
}

/* Decimal digits of one byte; returns the new end. */
static char *put_u8(char *o, unsigned v)
{
    if (v >= 100) {
        *o++ = (char)('0' + v / 100);
        v %= 100;
        *o++ = (char)('0' + v / 10);
    } else if (v >= 10) {
        *o++ = (char)('0' + v / 10);
    }
    *o++ = (char)('0' + v % 10);
    return o;
}

size_t eve_format_addr(const struct kh_addr *a, uint8_t ip_ver, char out[46])
{
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    if (ip_ver != 6) {
        for (int i = 0; i < 4; i++) {
            o = put_u8(o, a->b[i]);
            *o++ = i < 3 ? '.' : '\0';
        }
        return (size_t)(o - out - 1);
    }
    /* Suricata prints IPv6 as eight 4-digit groups, without zero compression. */
    for (int i = 0; i < 16; i += 2) {
        *o++ = hex[a->b[i] >> 4];
        *o++ = hex[a->b[i] & 0xf];
        *o++ = hex[a->b[i + 1] >> 4];
        *o++ = hex[a->b[i + 1] & 0xf];
        *o++ = i < 14 ? ':' : '\0';
    }
    return 39;
}

const char *eve_proto_name(uint8_t proto, char tmp[4])
{
    switch (proto) {
    case 1:
        return "ICMP";
    case 6:
        return "TCP";
    case 17:
        return "UDP";
    case 47:
        return "GRE";
    case 50:
        return "ESP";
    case 58:
        return "IPv6-ICMP";
    case 132:
        return "SCTP";
    default:
        /* Suricata writes the number for protocols it has no name for. */
        snprintf(tmp, 4, "%u", proto);
        return tmp;
    }
}

static void put_tuple(struct eve_output *eo, const struct kh_addr *src, uint16_t sp,
                      const struct kh_addr *dst, uint16_t dp, uint8_t ip_ver, uint8_t proto)
{
    /* ICMP has no ports; its type and code are logged by the event itself. */
    char a[46], b[46], tmp[4];
    size_t alen = eve_format_addr(src, ip_ver, a);
    size_t blen = eve_format_addr(dst, ip_ver, b);
    bool ports = proto == 6 || proto == 17 || proto == 132;
    jb_str_plain(&eo->jb, "src_ip", a, alen);
    if (ports)
        jb_u64(&eo->jb, "src_port", sp);
    jb_str_plain(&eo->jb, "dest_ip", b, blen);
    if (ports)
        jb_u64(&eo->jb, "dest_port", dp);
    jb_u64(&eo->jb, "ip_v", ip_ver);
    const char *pname = eve_proto_name(proto, tmp);
    jb_str_plain(&eo->jb, "proto", pname, strlen(pname));
}

void eve_put_flow_tuple(struct eve_output *eo, const struct flow *f)
{
    put_tuple(eo, &f->src, f->sp, &f->dst, f->dp, f->ip_ver, f->proto);
}

void eve_put_flow_tuple_reverse(struct eve_output *eo, const struct flow *f)
{
    put_tuple(eo, &f->dst, f->dp, &f->src, f->sp, f->ip_ver, f->proto);
}

void eve_put_packet_tuple(struct eve_output *eo, const struct packet *p)
{
    put_tuple(eo, &p->src, p->sp, &p->dst, p->dp, p->ip_ver, p->proto);
}

void eve_format_mac(const uint8_t b[6], char out[18])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        out[i * 3] = hex[b[i] >> 4];
        out[i * 3 + 1] = hex[b[i] & 0xf];
        out[i * 3 + 2] = i < 5 ? ':' : '\0';
    }
}

void eve_put_packet_ether(struct eve_output *eo, const struct packet *p)
{
    if (!eo->cfg.ethernet || p->link != DECODE_LINK_ETHERNET || p->tunnel_depth != 0 ||
        (p->flags & PKT_IS_REBUILT) || p->caplen < 12)
        return;
    char dst[18], src[18];
    eve_format_mac(p->data, dst); /* destination first on the wire, then source */
    eve_format_mac(p->data + 6, src);
    jb_open_object(&eo->jb, "ether");
    jb_str_plain(&eo->jb, "src_mac", src, 17);
    jb_str_plain(&eo->jb, "dest_mac", dst, 17);
    jb_close_object(&eo->jb);
}

void eve_put_ether(struct eve_output *eo, const struct packet *p, const struct flow *f)
{
    if (p != NULL && p->data != NULL) { /* not a flow-end pseudo packet */
        eve_put_packet_ether(eo, p);
        return;
    }
    /* Suricata's flow-end pseudo packet (suricata-verify bug-5486) goes to the server:
     * the client's first address is its source, the server's its destination. */
    const struct flow_macs *m = f ? f->macs : NULL;
    if (!eo->cfg.ethernet || m == NULL || m->n[0] == 0 || m->n[1] == 0)
        return;
    char dst[18], src[18];
    eve_format_mac(m->mac[0][0], src);
    eve_format_mac(m->mac[1][0], dst);
    jb_open_object(&eo->jb, "ether");
    jb_str_plain(&eo->jb, "src_mac", src, 17);
    jb_str_plain(&eo->jb, "dest_mac", dst, 17);
    jb_close_object(&eo->jb);
}

void eve_put_vlans(struct jbuf *jb, const uint16_t *vlan, uint8_t cnt)
{
    if (cnt == 0)
        return;
    jb_open_array(jb, "vlan");
    for (uint8_t i = 0; i < cnt; i++)
        jb_u64(jb, NULL, vlan[i]);
    jb_close_array(jb);
}

void eve_put_community_id(struct eve_output *eo, const struct flow *f)
{
    if (!eo->cfg.community_id || f == NULL)
        return;
    char cid[64];
    eve_community_id(f, eo->cfg.community_id_seed, cid);
    jb_str(&eo->jb, "community_id", cid);
}
