# SPDX-License-Identifier: GPL-2.0-only
# Command-line tool that writes Khien's demo, benchmark and end-to-end test captures.
"""Generate Khien's test captures, deterministically (same bytes every run).

  gen_captures.py demo OUT.pcap
      a realistic mixed capture (a few hundred flows over about 60 s).
  gen_captures.py bench OUT.pcap [--packets N] [--seed S]
      a large capture (default 1,300,000 packets, tens of thousands of flows).
  gen_captures.py e2e CASES_DIR OUT_DIR [CASE ...]
      copy each case folder of CASES_DIR to OUT_DIR/<case>/ and run its gen.py
      (which defines ``build(path)``) to write the case's capture there.
"""

import argparse
import heapq
import importlib.util
import ipaddress
import os
import random
import re
import shutil
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapwriter as pw  # noqa: E402

MS = pw.NS_PER_MS
US = pw.NS_PER_US
S = pw.NS_PER_S

GATEWAY_MAC = "00:00:5e:00:01:01"


def client_mac(index):
    return "02:00:%02x:%02x:%02x:%02x" % ((index >> 24) & 0xFF, (index >> 16) & 0xFF,
                                          (index >> 8) & 0xFF, index & 0xFF)


def deterministic_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def html_body(rng, size):
    """An HTML-looking body of exactly ``size`` bytes."""
    words = ["khien", "packet", "flow", "network", "engine", "capture", "stream",
             "decode", "alert", "rule", "signature", "session"]
    head = b"<html><head><title>khien demo</title></head><body><p>"
    tail = b"</p></body></html>\n"
    parts = []
    n = len(head) + len(tail)
    while n < size:
        w = (rng.choice(words) + " ").encode()
        parts.append(w)
        n += len(w)
    return (head + b"".join(parts) + tail)[:max(size, 0)]


# ---------------------------------------------------------------------------
# demo
# ---------------------------------------------------------------------------

DEMO_NAMES = ["www.example.com", "mail.example.org", "cdn.example.net", "api.example.com",
              "static.example.org", "update.example.net", "login.example.com",
              "news.example.org", "video.example.net", "files.example.com"]
DEMO_PATHS = ["/", "/index.html", "/images/logo.png", "/css/site.css", "/js/app.js",
              "/api/v1/status", "/login", "/search?q=khien", "/favicon.ico", "/news/today"]
DEMO_AGENTS = ["Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
               "curl/8.4.0", "Wget/1.21.3", "python-requests/2.31.0"]


def demo_packets(seed=20240101):
    """All packets of the demo capture, ordered by time."""
    rng = random.Random(seed)
    lists = []
    duration = 58 * S
    servers4 = ["192.0.2.%d" % i for i in range(10, 40)] + \
        ["198.51.100.%d" % i for i in range(10, 40)] + \
        ["203.0.113.%d" % i for i in range(10, 40)]
    servers6 = ["2001:db8:ff::%x" % i for i in range(0x10, 0x20)]
    resolver4, resolver6 = "192.0.2.53", "2001:db8:ff::53"
    port = [33000]

    def next_port():
        port[0] += rng.randrange(1, 7)
        return port[0]

    def client4():
        i = rng.randrange(10, 60)
        return "10.1.0.%d" % i, pw.EthernetLink(client_mac(0x0A010000 + i), GATEWAY_MAC)

    def client6():
        i = rng.randrange(0x10, 0x30)
        return "2001:db8:1::%x" % i, pw.EthernetLink(client_mac(0x20010000 + i), GATEWAY_MAC)

    def when():
        return pw.T0 + rng.randrange(0, duration // US) * US

    def timing():
        return pw.Timing(rtt_ns=rng.randrange(5, 120) * MS, think_ns=rng.randrange(20, 400) * US)

    def http_flow(cli, link, server, start):
        host = rng.choice(DEMO_NAMES)
        ex = []
        for _ in range(rng.randrange(1, 4)):
            req = pw.http_request(host, rng.choice(DEMO_PATHS), user_agent=rng.choice(DEMO_AGENTS))
            ex.append((req, pw.http_response(html_body(rng, rng.randrange(200, 20000)))))
        return pw.tcp_session(link, cli, server, next_port(), 80, ex, start_ns=start,
                              timing=timing(), isn=(rng.getrandbits(32), rng.getrandbits(32)),
                              ack_every=2, close=rng.choice(["fin", "fin", "fin-server", "rst"]))

    def dns_flow(cli, link, server, start):
        name = rng.choice(DEMO_NAMES)
        if pw.is_ipv6(cli) or rng.random() < 0.2:
            qtype, answers = "AAAA", ["2001:db8:ff::%x" % rng.randrange(0x10, 0x20)]
        else:
            qtype, answers = "A", ["198.51.100.%d" % rng.randrange(10, 40)]
        return pw.dns_exchange(link, cli, server, next_port(), rng.getrandbits(16), name,
                               answers, qtype=qtype, start_ns=start, timing=timing())

    # HTTP on port 80.
    for _ in range(120):
        cli, link = client4()
        lists.append(http_flow(cli, link, rng.choice(servers4), when()))
    # DNS over UDP 53.
    for _ in range(80):
        cli, link = client4()
        lists.append(dns_flow(cli, link, resolver4, when()))
    # TLS-looking TCP 443.
    for _ in range(40):
        cli, link = client4()
        sni = rng.choice(DEMO_NAMES)
        r1, r2 = deterministic_bytes(rng, 32), deterministic_bytes(rng, 32)
        ex = [(pw.tls_client_hello(sni, r1, session_id=deterministic_bytes(rng, 32)),
               pw.tls_server_hello(r2)),
              (pw.tls_app_data(deterministic_bytes(rng, 64)), b""),
              (pw.tls_app_data(deterministic_bytes(rng, rng.randrange(200, 600))),
               pw.tls_app_data(deterministic_bytes(rng, rng.randrange(500, 8000))))]
        lists.append(pw.tcp_session(link, cli, rng.choice(servers4), next_port(), 443, ex,
                                    start_ns=when(), timing=timing(), ack_every=2,
                                    isn=(rng.getrandbits(32), rng.getrandbits(32))))
    # ICMP echo.
    for i in range(10):
        cli, link = client4()
        lists.append(pw.icmp_echo_exchange(link, cli, rng.choice(servers4), 0x100 + i,
                                           rng.randrange(2, 6), start_ns=when(), timing=timing()))
    # IPv6: TCP (HTTP), UDP (DNS), ICMPv6 echo and a neighbour solicitation.
    for _ in range(15):
        cli, link = client6()
        lists.append(http_flow(cli, link, rng.choice(servers6), when()))
    for _ in range(15):
        cli, link = client6()
        lists.append(dns_flow(cli, link, resolver6, when()))
    for i in range(3):
        cli, link = client6()
        lists.append(pw.icmp_echo_exchange(link, cli, rng.choice(servers6), 0x200 + i, 3,
                                           start_ns=when(), timing=timing()))
    cli, link = client6()
    target = "2001:db8:1::1"
    ns = pw.ipv6(cli, pw.solicited_node(target), pw.IPPROTO_ICMPV6,
                 pw.icmpv6_neighbor_solicit(cli, pw.solicited_node(target), target,
                                            src_lladdr=link.client_mac), hlim=255)
    lists.append([pw.Pkt(when(), pw.ethernet(link.client_mac, "33:33:ff:00:00:01",
                                             pw.ETH_P_IPV6, ns))])
    # VLAN (802.1Q) and QinQ (802.1ad) tagged flows.
    for i in range(8):
        cli = "10.100.0.%d" % (10 + i)
        link = pw.EthernetLink(client_mac(0x0A640000 + i), GATEWAY_MAC,
                               vlans=(100 + 100 * (i % 2),))
        if i % 2:
            lists.append(dns_flow(cli, link, "10.100.0.53", when()))
        else:
            lists.append(http_flow(cli, link, "10.100.1.%d" % (10 + i), when()))
    for i in range(4):
        cli = "10.200.0.%d" % (10 + i)
        link = pw.EthernetLink(client_mac(0x0AC80000 + i), GATEWAY_MAC, vlans=(1000, 10 + i))
        lists.append(http_flow(cli, link, "10.200.1.%d" % (10 + i), when()))
    # One GRE tunnel, one IP-in-IP and one 6in4 flow.
    outer = pw.EthernetLink(client_mac(0xC6336401), GATEWAY_MAC)
    gre = pw.TunnelLink(outer, "198.51.100.1", "203.0.113.1", "gre", key=42)
    lists.append(http_flow("172.16.1.10", gre, "172.16.2.20", when()))
    ipip = pw.TunnelLink(outer, "198.51.100.2", "203.0.113.2", "ipip")
    lists.append(http_flow("172.17.1.10", ipip, "172.17.2.20", when()))
    six = pw.TunnelLink(outer, "198.51.100.3", "203.0.113.3", "6in4")
    lists.append(http_flow("2001:db8:6::10", six, "2001:db8:6::20", when()))
    # ICMP destination unreachable quoting a UDP datagram.
    cli, link = client4()
    srv = rng.choice(servers4)
    probe = pw.ipv4(cli, srv, pw.IPPROTO_UDP, pw.udp(cli, srv, 40000, 33434, b"probe"))
    t = when()
    lists.append([pw.Pkt(t, link.frame(probe, True)),
                  pw.Pkt(t + 30 * MS, link.frame(pw.ipv4(srv, cli, pw.IPPROTO_ICMP,
                                                        pw.icmpv4_dest_unreach(3, probe)), False))])
    # A handful of malformed packets.
    lists.append(demo_malformed(rng, when))
    return pw.merge(*sorted(lists, key=lambda lst: lst[0].ts))


def demo_malformed(rng, when):
    """Malformed packets for the demo: truncated IPv4, TCP header lengths
    that are too small or too large, a bad IPv4 header checksum, and UDP
    length fields that are invalid."""
    link = pw.EthernetLink(client_mac(0x0A0900FF), GATEWAY_MAC)
    a, b = "10.9.0.10", "192.0.2.99"
    out = []
    # IPv4 total length larger than the bytes present.
    seg = pw.tcp(a, b, 40001, 80, "S", seq=1)
    out.append(pw.Pkt(when(), link.frame(pw.ipv4(a, b, pw.IPPROTO_TCP, seg, total_length=200))))
    # TCP data offset 4 (16 bytes, less than the 20-byte minimum).
    seg = pw.tcp(a, b, 40002, 80, "S", seq=1, data_offset=4)
    out.append(pw.Pkt(when(), link.frame(pw.ipv4(a, b, pw.IPPROTO_TCP, seg))))
    # TCP data offset 15 (60 bytes) on a 20-byte segment.
    seg = pw.tcp(a, b, 40003, 80, "S", seq=1, data_offset=15)
    out.append(pw.Pkt(when(), link.frame(pw.ipv4(a, b, pw.IPPROTO_TCP, seg))))
    # Bad IPv4 header checksum on an otherwise fine UDP datagram.
    dg = pw.udp(a, b, 40004, 9999, b"bad ip checksum")
    out.append(pw.Pkt(when(), link.frame(pw.ipv4(a, b, pw.IPPROTO_UDP, dg, bad_csum=True))))
    # UDP length field 4 (< 8) and a UDP length larger than the datagram.
    dg = pw.udp(a, b, 40005, 9999, b"short udp length", length=4)
    out.append(pw.Pkt(when(), link.frame(pw.ipv4(a, b, pw.IPPROTO_UDP, dg))))
    dg = pw.udp(a, b, 40006, 9999, b"long udp length", length=300)
    out.append(pw.Pkt(when(), link.frame(pw.ipv4(a, b, pw.IPPROTO_UDP, dg))))
    out.sort(key=lambda p: p.ts)
    return out


def cmd_demo(args):
    pkts = demo_packets()
    with pw.PcapWriter(args.out, linktype=pw.LINKTYPE_ETHERNET) as w:
        w.write_packets(pkts)
    print("demo: wrote %d packets to %s" % (len(pkts), args.out))


# ---------------------------------------------------------------------------
# bench
# ---------------------------------------------------------------------------

class Template:
    """A conversation built once with base addresses and ports; every flow of
    the benchmark is a copy with its own addresses, ports and client MAC.

    Changing addresses and ports changes checksums by the same one's
    complement amount in every packet of a flow (the IPv4 header holds both
    addresses, the TCP/UDP pseudo-header both addresses and both ports), so
    checksums are patched incrementally (RFC 1624) rather than recomputed."""

    def __init__(self, name, tagged_pkts, client, server, cport, sport, proto):
        """``tagged_pkts``: (Pkt, to_server) pairs of the conversation."""
        self.name = name
        self.v6 = pw.is_ipv6(client)
        self.proto = proto
        self.base = (pw.ip_bytes(client), pw.ip_bytes(server), cport, sport)
        start = tagged_pkts[0][0].ts
        self.pkts = [(p.ts - start, p.data, to_server) for p, to_server in tagged_pkts]
        self.npkts = len(self.pkts)


def _fold(x):
    while x > 0xFFFF:
        x = (x & 0xFFFF) + (x >> 16)
    return x


def _csum_delta(old, new):
    """One's complement difference sum(new) - sum(old) of two byte strings."""
    return _fold(pw.ones_complement_sum(new) + (~pw.ones_complement_sum(old) & 0xFFFF))


def _csum_patch(csum, delta):
    return ~_fold((~csum & 0xFFFF) + delta) & 0xFFFF


def build_templates():
    """Conversation shapes of the benchmark with their weights."""
    rng = random.Random(7)
    c4, s4, c6, s6 = "10.0.0.1", "192.0.2.1", "2001:db8:1::1", "2001:db8:ff::1"
    cport = 40000
    eth = pw.EthernetLink(client_mac(1), GATEWAY_MAC)
    templates = []

    def add(name, weight, maker, cli, srv, sport, proto):
        pkts = maker(eth, cli, srv)
        # Frames from the client carry its MAC as the Ethernet source.
        tagged = [(p, p.data[6:12] == eth.client_mac) for p in pkts]
        templates.append((Template(name, tagged, cli, srv, cport, sport, proto), weight))

    for rtt in (8, 30, 90):
        tm = pw.Timing(rtt_ns=rtt * MS, think_ns=200 * US, gap_ns=12 * US)
        for v6 in (False, True):
            cli, srv = (c6, s6) if v6 else (c4, s4)
            w6 = 0.15 if v6 else 1.0
            for size in (600, 3000, 12000):
                req = pw.http_request("www.example.com", "/page/%d" % size)
                resp = pw.http_response(html_body(rng, size))
                add("http-%d" % size, 10 * w6, lambda lk, c, s, req=req, resp=resp, tm=tm:
                    pw.tcp_session(lk, c, s, cport, 80, [(req, resp)], timing=tm, ack_every=2),
                    cli, srv, 80, pw.IPPROTO_TCP)
            big = pw.http_response(html_body(rng, 60000), content_type="application/octet-stream")
            add("http-large", 2 * w6, lambda lk, c, s, big=big, tm=tm:
                pw.tcp_session(lk, c, s, cport, 80, [(pw.http_request("dl.example.net", "/f.bin"),
                                                    big)], timing=tm, ack_every=2),
                cli, srv, 80, pw.IPPROTO_TCP)
            tls = [(pw.tls_client_hello("www.example.org", deterministic_bytes(rng, 32)),
                    pw.tls_server_hello(deterministic_bytes(rng, 32))),
                   (pw.tls_app_data(deterministic_bytes(rng, 64)), b""),
                   (pw.tls_app_data(deterministic_bytes(rng, 400)),
                    pw.tls_app_data(deterministic_bytes(rng, 5000)))]
            add("tls", 12 * w6, lambda lk, c, s, tls=tls, tm=tm:
                pw.tcp_session(lk, c, s, cport, 443, tls, timing=tm, ack_every=2),
                cli, srv, 443, pw.IPPROTO_TCP)
            add("dns", 25 * w6, lambda lk, c, s, tm=tm, v6=v6:
                pw.dns_exchange(lk, c, s, cport, 0x4242, "www.example.com",
                                ["2001:db8:ff::80"] if v6 else ["192.0.2.80"],
                                qtype="AAAA" if v6 else "A", timing=tm),
                cli, srv, 53, pw.IPPROTO_UDP)
        ntp = bytes([0x23]) + b"\x00" * 47
        add("ntp", 4, lambda lk, c, s, tm=tm:
            pw.udp_exchange(lk, c, s, cport, 123, [(ntp, bytes([0x24]) + b"\x01" * 47)], timing=tm),
            c4, s4, 123, pw.IPPROTO_UDP)
        media = [(deterministic_bytes(rng, 160), b"" if i % 10 else deterministic_bytes(rng, 80))
                 for i in range(30)]
        add("rtp", 3, lambda lk, c, s, media=media:
            pw.udp_exchange(lk, c, s, cport, 5004, media,
                            timing=pw.Timing(rtt_ns=20 * MS, think_ns=20 * MS, gap_ns=20 * MS)),
            c4, s4, 5004, pw.IPPROTO_UDP)

        def refused(lk, c, s, tm=tm):
            syn = pw.ipv4(c, s, pw.IPPROTO_TCP, pw.tcp(c, s, cport, 22, "S", seq=777,
                                                       options=pw.tcp_opt_mss(1460)), df=True)
            rst = pw.ipv4(s, c, pw.IPPROTO_TCP, pw.tcp(s, c, 22, cport, "RA", seq=0, ack=778,
                                                       window=0), df=True)
            return [pw.Pkt(pw.T0, lk.frame(syn, True)),
                    pw.Pkt(pw.T0 + tm.rtt_ns, lk.frame(rst, False))]
        add("refused", 4, refused, c4, s4, 22, pw.IPPROTO_TCP)
    return templates


V4_SERVER_NETS = [bytes(n) for n in ((192, 0, 2), (198, 51, 100), (203, 0, 113),
                                      (172, 16, 10), (172, 20, 30), (172, 31, 200))]
V6_CLIENTS = ipaddress.IPv6Address("2001:db8:1::").packed[:12]
V6_SERVERS = ipaddress.IPv6Address("2001:db8:ff::").packed[:14]


def cmd_bench(args):
    started = time.monotonic()
    templates = build_templates()
    tpls = [t for t, _ in templates]
    cum, total = [], 0.0
    for _, wgt in templates:
        total += wgt
        cum.append(total)
    rng = random.Random(args.seed)
    target = args.packets
    # Flow arrivals: a mean gap such that about 400 flows are open at a time.
    mean_dur = sum((t.pkts[-1][0] + 1) * w for t, w in templates) / total
    mean_gap_ns = max(1, int(mean_dur / 400))
    rec = struct.Struct("<IIII")
    out = open(args.out, "wb")
    out.write(struct.pack("<IHHiIII", pw.PCAP_MAGIC_USEC, 2, 4, 0, 0, 262144,
                          pw.LINKTYPE_ETHERNET))
    buf = []
    written = 0
    flows = 0
    heap = []          # (timestamp, tie-breaker, flow frames, index)
    tie = 0
    next_start = pw.T0
    l4_4, l4_6 = 34, 54          # transport header offsets after Ethernet + IPv4/IPv6
    bisect_cum = cum

    def pick():
        x = rng.random() * total
        lo, hi = 0, len(bisect_cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if bisect_cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return tpls[lo]

    def start_flow(k, t0):
        tpl = pick()
        # Unique 5-tuples: the client address and port follow from the flow number.
        ci = k % 16381
        cport = 32768 + (k // 16381 + ci * 131) % 28000
        if tpl.v6:
            cli = V6_CLIENTS + struct.pack("!I", 0x10000 + ci)
            srv = V6_SERVERS + struct.pack("!H", 0x100 + rng.randrange(0, 4096))
        else:
            cli = bytes([10, (ci >> 8) & 0xFF, ci & 0xFF, 10])
            srv = rng.choice(V4_SERVER_NETS) + bytes([rng.randrange(1, 255)])
        bc, bs, bcp, bsp = tpl.base
        d_ip = _csum_delta(bc + bs, cli + srv)
        d_l4 = _csum_delta(bc + bs + struct.pack("!HH", bcp, bsp),
                           cli + srv + struct.pack("!HH", cport, bsp))
        cmac = struct.pack("!HI", 0x0200, 0x0A000000 + ci)
        frames = []
        udp = tpl.proto == pw.IPPROTO_UDP
        coff = 16 if not udp else 6
        for off, data, to_server in tpl.pkts:
            b = bytearray(data)
            src, dst = (cli, srv) if to_server else (srv, cli)
            if tpl.v6:
                b[22:38] = src
                b[38:54] = dst
                l4 = l4_6
            else:
                b[26:30] = src
                b[30:34] = dst
                struct.pack_into("!H", b, 24, _csum_patch(struct.unpack_from("!H", b, 24)[0], d_ip))
                l4 = l4_4
            if to_server:
                b[6:12] = cmac
                struct.pack_into("!H", b, l4, cport)
            else:
                b[0:6] = cmac
                struct.pack_into("!H", b, l4 + 2, cport)
            c = _csum_patch(struct.unpack_from("!H", b, l4 + coff)[0], d_l4)
            if udp and c == 0:
                c = 0xFFFF
            struct.pack_into("!H", b, l4 + coff, c)
            frames.append((t0 + off, bytes(b)))
        return frames

    while written < target:
        # Open every flow that starts before the next pending packet.
        while not heap or next_start <= heap[0][0]:
            frames = start_flow(flows, next_start)
            flows += 1
            heapq.heappush(heap, (frames[0][0], tie, frames, 0))
            tie += 1
            next_start += 1 + int(rng.expovariate(1.0) * mean_gap_ns)
        ts, _, frames, i = heapq.heappop(heap)
        data = frames[i][1]
        sec, ns = divmod(ts, S)
        n = len(data)
        buf.append(rec.pack(sec, ns // US, n, n))
        buf.append(data)
        written += 1
        if i + 1 < len(frames):
            heapq.heappush(heap, (frames[i + 1][0], tie, frames, i + 1))
            tie += 1
        if len(buf) >= 20000:
            out.write(b"".join(buf))
            buf.clear()
    out.write(b"".join(buf))
    out.close()
    print("bench: wrote %d packets, %d flows started, to %s in %.1f s" %
          (written, flows, args.out, time.monotonic() - started))


# ---------------------------------------------------------------------------
# e2e
# ---------------------------------------------------------------------------

def case_pcap_name(case_dir):
    """The capture file name a case's test.yaml names with ``pcap:``, or
    input.pcap. (A one-line regular expression: no YAML parser needed.)"""
    path = os.path.join(case_dir, "test.yaml")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"^pcap:\s*['\"]?([^'\"\s#]+)", line)
                if m:
                    return m.group(1)
    return "input.pcap"


def cmd_e2e(args):
    cases_dir = os.path.abspath(args.cases_dir)
    out_dir = os.path.abspath(args.out_dir)
    names = sorted(n for n in os.listdir(cases_dir)
                   if os.path.isfile(os.path.join(cases_dir, n, "gen.py")))
    if args.cases:
        unknown = set(args.cases) - set(names)
        if unknown:
            sys.exit("e2e: no such case: %s" % ", ".join(sorted(unknown)))
        names = [n for n in names if n in args.cases]
    os.makedirs(out_dir, exist_ok=True)
    for name in names:
        src = os.path.join(cases_dir, name)
        dst = os.path.join(out_dir, name)
        if os.path.exists(dst):
            shutil.rmtree(dst)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        spec = importlib.util.spec_from_file_location("e2e_case_" + name.replace("-", "_"),
                                                      os.path.join(src, "gen.py"))
        module = importlib.util.module_from_spec(spec)
        saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True   # no __pycache__ in cases
        try:
            spec.loader.exec_module(module)
        finally:
            sys.dont_write_bytecode = saved
        pcap = os.path.join(dst, case_pcap_name(src))
        module.build(pcap)
        if not args.quiet:
            print("e2e: %s -> %s" % (name, os.path.relpath(pcap, out_dir)))
    if not args.quiet:
        print("e2e: %d cases written to %s" % (len(names), out_dir))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("demo", help="write the mixed demo capture")
    p.add_argument("out")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("bench", help="write the large benchmark capture")
    p.add_argument("out")
    p.add_argument("--packets", type=int, default=1_300_000)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("e2e", help="generate the end-to-end case captures")
    p.add_argument("cases_dir")
    p.add_argument("out_dir")
    p.add_argument("cases", nargs="*", help="only these cases (default: all)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_e2e)
    args = ap.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
