# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dns-udp-records": one exchange per record form (SRV, MX,
# TXT, PTR, NS, SSHFP, NULL), an NXDOMAIN with an SOA authority, and an EDNS cookie option.
import struct

import pcapwriter as pw

TYPES = {"A": 1, "NS": 2, "SOA": 6, "NULL": 10, "PTR": 12, "MX": 15, "TXT": 16, "SRV": 33,
         "OPT": 41, "SSHFP": 44}


def message(txid, flags, qname, qtype, answers=(), authorities=(), additionals=()):
    """A message with one question; records are (owner, type, ttl, rdata) tuples."""
    out = struct.pack("!HHHHHH", txid, flags, 1, len(answers), len(authorities),
                      len(additionals))
    out += pw.dns_name(qname) + struct.pack("!HH", TYPES[qtype], 1)
    for owner, rtype, ttl, rdata in list(answers) + list(authorities) + list(additionals):
        rclass = 4096 if rtype == "OPT" else 1
        out += (pw.dns_name(owner) if owner else b"\x00")
        out += struct.pack("!HHIH", TYPES[rtype], rclass, ttl, len(rdata)) + rdata
    return out


def exchanges():
    srv = "_sip._udp.sip.example.org"
    soa = pw.dns_name("ns1.example.org") + pw.dns_name("hostmaster.example.org") + \
        struct.pack("!IIIII", 2024010101, 7200, 3600, 1209600, 300)
    cookie = struct.pack("!HH", 10, 8) + bytes(range(1, 9))
    return [
        ("SRV", srv, [(srv, "SRV", 300, struct.pack("!HHH", 20, 1, 5060) +
                       pw.dns_name("sip-1.example.org"))], [], []),
        ("MX", "example.org", [("example.org", "MX", 300, struct.pack("!H", 10) +
                                pw.dns_name("mail.example.org"))], [], []),
        ("TXT", "example.org", [("example.org", "TXT", 300, b"\x0bv=spf1 -all\x05hello")],
         [], []),
        ("PTR", "1.2.0.192.in-addr.arpa", [("1.2.0.192.in-addr.arpa", "PTR", 300,
                                            pw.dns_name("host.example.org"))], [], []),
        ("NS", "example.org", [("example.org", "NS", 300, pw.dns_name("ns1.example.org"))],
         [], []),
        ("SSHFP", "host.example.org", [("host.example.org", "SSHFP", 300, b"\x01\x01" +
                                        bytes.fromhex("198c34a92fc0b2ab1da52b688c2f191d2d960c09"))],
         [], []),
        ("NULL", "null.example.org", [("null.example.org", "NULL", 0, b"VACKD\x03\xc5\xe9\x01")],
         [], []),
        ("A", "nx.example.org", [], [("example.org", "SOA", 900, soa)],
         [("", "OPT", 0, cookie)]),
    ]


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0c", "00:00:5e:00:53:01")
    flows = []
    t = pw.T0
    for i, (qtype, qname, answers, auth, add) in enumerate(exchanges()):
        txid = 0x100 + i
        rcode = 3 if not answers else 0
        query = message(txid, 0x0100, qname, qtype)
        reply = message(txid, 0x8580 | rcode, qname, qtype, answers, auth, add)
        flows.append(pw.udp_exchange(link, "192.0.2.53", "198.51.100.53", 50000 + i, 53,
                                     [(query, reply)], start_ns=t))
        t += pw.NS_PER_S
    pw.write_pcap(path, pw.merge(*flows))
