# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "null": BSD loopback with IPv4 and the BSD IPv6 families.
import pcapwriter as pw


def build(path):
    pkts = [pw.tcp_session(pw.NullLink(), "192.0.2.10", "198.51.100.20", 49152, 9000,
                           [(b"khien e2e request\n", b"khien e2e response\n")])]
    # One IPv6 UDP exchange per IPv6 address family value: 24 (NetBSD/OpenBSD),
    # 28 (FreeBSD), 30 (macOS).
    for i, af6 in enumerate((pw.AF_INET6_BSD, pw.AF_INET6_FREEBSD, pw.AF_INET6_DARWIN)):
        pkts.append(pw.udp_exchange(pw.NullLink(af6=af6), "2001:db8::10", "2001:db8::20",
                                    50001 + i, 9001, [(b"khien e2e ping\n", b"khien e2e pong\n")],
                                    start_ns=pw.T0 + (i + 1) * pw.NS_PER_S))
    pw.write_pcap(path, pw.merge(*pkts), linktype=pw.LINKTYPE_NULL)
