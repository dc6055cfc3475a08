# SPDX-License-Identifier: GPL-2.0-only
# Capture generator for the e2e case "datasets": three HTTP sessions one after the other,
# from three clients to one server, with their own Host, User-Agent and URI.
import pcapwriter as pw

# (client, host, user agent, uri)
SESSIONS = [
    ("192.0.2.10", "seen.example", "agent-one", "/index.html"),
    ("192.0.2.11", "seen.example", "agent-one", "/malware.exe"),
    ("192.0.2.12", "bad.example", "agent-two", "/login"),
]


def build(path):
    link = pw.EthernetLink("00:00:5e:00:53:0d", "00:00:5e:00:53:01")
    pkts = []
    for i, (client, host, ua, uri) in enumerate(SESSIONS):
        req = pw.http_request(host, uri, user_agent=ua)
        resp = pw.http_response(b"ok " * 10, content_type="text/plain")
        pkts += pw.tcp_session(link, client, "198.51.100.80", 49200 + i, 80, [(req, resp)],
                               start_ns=pw.T0 + i * 1_000_000_000)
    pw.write_pcap(path, sorted(pkts, key=lambda p: p.ts))


if __name__ == "__main__":
    build("input.pcap")
