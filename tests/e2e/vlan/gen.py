# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "vlan": the same TCP 5-tuple on 802.1Q VLANs 100 and 200.
import pcapwriter as pw


def build(path):
    flows = []
    for i, vid in enumerate((100, 200)):
        link = pw.EthernetLink("00:00:5e:00:53:01", "00:00:5e:00:53:02", vlans=(vid,))
        flows.append(pw.tcp_session(link, "192.0.2.10", "198.51.100.20", 49152, 9000,
                                    [(b"khien e2e request\n", b"khien e2e response\n")],
                                    start_ns=pw.T0 + i * pw.NS_PER_S))
    pw.write_pcap(path, pw.merge(*flows))
