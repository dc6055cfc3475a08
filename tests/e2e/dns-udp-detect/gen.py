# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "dns-udp-detect": what is and is not DNS. Junk then a real
# query on port 53; DNS on port 5353; an unsolicited response; junk both ways on port 53.
import pcapwriter as pw

# An SNMP get-request: what Suricata's dns-udp-junkrequest-first sends to port 53 first.
SNMP = bytes.fromhex("302602010104067075626c6963a019020101020100020100300e300c06082b060102010105000500")


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    t = pw.T0
    junk_first = pw.udp_exchange(link, "192.0.2.1", "198.51.100.1", 40001, 53,
                                 [(SNMP, None),
                                  (pw.dns_query(0x1111, "catenacyber.Fr"),
                                   pw.dns_response(0x1111, "catenacyber.Fr", "A", ["192.0.2.99"]))],
                                 start_ns=t)
    t += pw.NS_PER_S
    other_port = pw.dns_exchange(link, "192.0.2.2", "198.51.100.2", 40002, 0x2222,
                                 "printer.local", ["192.0.2.7"], start_ns=t, sport=5353)
    t += pw.NS_PER_S
    cli, srv = "192.0.2.3", "198.51.100.3"
    ms = pw.NS_PER_MS

    def up(ts, payload):
        return pw.at(ts, link, pw.ipv4(cli, srv, pw.IPPROTO_UDP, pw.udp(cli, srv, 40003, 53, payload)))

    def down(ts, payload):
        return pw.at(ts, link, pw.ipv4(srv, cli, pw.IPPROTO_UDP, pw.udp(srv, cli, 53, 40003, payload)),
                     to_server=False)

    unsolicited = [  # Suricata's dns-udp-unsolicited-response: ids 0x99ab, 0x9941, 0x99ab
        up(t, pw.dns_query(0x99AB, "www.example.org")),
        down(t + 5 * ms, pw.dns_response(0x9941, "www.example.org", "A", ["192.0.2.41"])),
        down(t + 10 * ms, pw.dns_response(0x99AB, "www.example.org", "A", ["192.0.2.42"])),
    ]
    t += pw.NS_PER_S
    not_dns = pw.udp_exchange(link, "192.0.2.4", "198.51.100.4", 40004, 53,
                              [(b"hello, port 53\n", b"not dns either\n")], start_ns=t)
    pw.write_pcap(path, pw.merge(junk_first, other_port, unsolicited, not_dns))
